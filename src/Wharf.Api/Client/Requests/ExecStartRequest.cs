namespace Wharf.Api.Client.Requests;

/// <summary>The body of POST /exec/{id}/start.</summary>
public sealed class ExecStartRequest
{
    public bool Detach { get; set; }
    public bool Tty { get; set; }
    public int[]? ConsoleSize { get; set; }
}
