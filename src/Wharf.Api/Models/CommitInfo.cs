namespace Wharf.Api.Models;

/// <summary>/info <c>RuncCommit</c> and friends.</summary>
public sealed class CommitInfo
{
    public string ID { get; set; } = "";
}
