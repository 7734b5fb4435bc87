namespace Wharf.Api.Models;

/// <summary><c>{"Warnings":[…]}</c>, e.g. from container update.</summary>
public sealed class WarningsResponse
{
    public List<string> Warnings { get; set; } = [];
}
