namespace Wharf.Runtime.Containers;

/// <summary>The flags of `create` and `run`.</summary>
public sealed record CreateOptions(string Id, string Bundle)
{
    public string? PidFile { get; init; }
    public string? ConsoleSocket { get; init; }
}
