using System.Text.Json.Serialization;
using Wharf.Oci.Runtime;

namespace Wharf.Runtime.Seccomp;

/// <summary>
/// Docker's seccomp profile file format (<c>--security-opt seccomp=FILE</c>): an OCI profile plus per-arch
/// sub-architectures and rules that apply only with certain capabilities, architectures or kernels.
/// </summary>
public sealed class DockerSeccompProfile
{
    public string DefaultAction { get; set; } = "";
    public uint? DefaultErrnoRet { get; set; }
    public List<string>? Architectures { get; set; }
    public List<DockerArchMap>? ArchMap { get; set; }
    public List<DockerSyscallRule>? Syscalls { get; set; }
    public List<string>? Flags { get; set; }
    public string? ListenerPath { get; set; }
    public string? ListenerMetadata { get; set; }
}

public sealed class DockerArchMap
{
    public string Architecture { get; set; } = "";
    public List<string>? SubArchitectures { get; set; }
}

public sealed class DockerSyscallRule
{
    /// <summary>The old single-name form; <see cref="Names"/> is the current one.</summary>
    public string? Name { get; set; }
    public List<string>? Names { get; set; }
    public string Action { get; set; } = "";
    public uint? ErrnoRet { get; set; }
    public List<LinuxSeccompArg>? Args { get; set; }
    public string? Comment { get; set; }
    public DockerRuleFilter? Includes { get; set; }
    public DockerRuleFilter? Excludes { get; set; }
}

/// <summary>Conditions on a rule: Go architecture names (amd64, x86, …), capabilities and a minimum kernel.</summary>
public sealed class DockerRuleFilter
{
    public List<string>? Arches { get; set; }
    public List<string>? Caps { get; set; }
    public string? MinKernel { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(DockerSeccompProfile))]
internal sealed partial class DockerSeccompJson : JsonSerializerContext;
