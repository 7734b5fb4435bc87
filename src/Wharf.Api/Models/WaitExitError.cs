namespace Wharf.Api.Models;

/// <summary>The <c>Error</c> of a wait response.</summary>
public sealed class WaitExitError
{
    public string Message { get; set; } = "";
}
