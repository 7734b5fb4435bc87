namespace Wharf.Api.Models;

/// <summary><c>{"Id":"…"}</c>, e.g. from exec create.</summary>
public sealed class IdResponse
{
    public string Id { get; set; } = "";
}
