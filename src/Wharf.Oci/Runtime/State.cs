namespace Wharf.Oci.Runtime;

/// <summary>The OCI runtime state, as <c>runtime state ID</c> prints it.</summary>
public sealed class State
{
    public string OciVersion { get; set; } = "1.2.0";
    public string Id { get; set; } = "";
    /// <summary>creating, created, running, stopped (and paused, as runc reports it).</summary>
    public string Status { get; set; } = "";
    public int? Pid { get; set; }
    public string Bundle { get; set; } = "";
    public Dictionary<string, string>? Annotations { get; set; }
}
