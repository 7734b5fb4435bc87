namespace Wharf.Api.Models;

/// <summary>GET /exec/{id}/json: note <c>ID</c> here, and a nullable ExitCode.</summary>
public sealed class ExecInspect
{
    public bool CanRemove { get; set; }
    public string DetachKeys { get; set; } = "";
    public string ID { get; set; } = "";
    public bool Running { get; set; }
    public int? ExitCode { get; set; }
    public ExecProcessConfig ProcessConfig { get; set; } = new();
    public bool OpenStdin { get; set; }
    public bool OpenStderr { get; set; }
    public bool OpenStdout { get; set; }
    public string ContainerID { get; set; } = "";
    public int Pid { get; set; }
}
