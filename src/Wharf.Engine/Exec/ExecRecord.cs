using Wharf.Api.Models;

namespace Wharf.Engine.Exec;

/// <summary>One exec instance (in memory, as in Docker: execs do not survive a daemon restart).</summary>
public sealed class ExecRecord
{
    public required string Id { get; init; }
    public required string ContainerId { get; init; }
    public required ExecCreateRequest Config { get; init; }
    public bool Running { get; set; }
    public bool Started { get; set; }
    public int? ExitCode { get; set; }
    public int Pid { get; set; }
}
