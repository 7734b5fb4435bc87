namespace Wharf.Api.Client.Requests;

/// <summary>The body of POST /containers/{id}/exec.</summary>
public sealed class ExecCreateRequest
{
    public string? User { get; set; }
    public bool Privileged { get; set; }
    public bool Tty { get; set; }
    public int[]? ConsoleSize { get; set; }
    public bool AttachStdin { get; set; }
    public bool AttachStdout { get; set; }
    public bool AttachStderr { get; set; }
    public string? DetachKeys { get; set; }
    public List<string>? Env { get; set; }
    public string? WorkingDir { get; set; }
    public required List<string> Cmd { get; set; }
}
