namespace Wharf.Api.Models;

/// <summary>POST /exec/{id}/start body.</summary>
public sealed class ExecStartRequest
{
    public bool Detach { get; set; }
    public bool Tty { get; set; }
    public List<int>? ConsoleSize { get; set; }
}
