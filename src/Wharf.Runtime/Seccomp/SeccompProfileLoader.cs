using System.Text.Json;
using Wharf.Oci.Runtime;
using Wharf.Runtime.Capabilities;

namespace Wharf.Runtime.Seccomp;

/// <summary>Reads profiles given with <c>--security-opt seccomp=FILE</c>.</summary>
public static class SeccompProfileLoader
{
    /// <summary>
    /// Parses a Docker-format profile and resolves its conditional rules for <paramref name="effectiveCaps"/>
    /// (Docker's default capabilities when null).
    /// </summary>
    public static LinuxSeccomp FromDockerJson(string json, IReadOnlyCollection<string>? effectiveCaps = null)
    {
        DockerSeccompProfile? profile;
        try
        {
            profile = JsonSerializer.Deserialize(json, DockerSeccompJson.Default.DockerSeccompProfile);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"decoding seccomp profile failed: {e.Message}", e);
        }
        if (profile is null)
            throw new ArgumentException("decoding seccomp profile failed: the file is empty or null");
        return DockerProfileResolver.Resolve(profile, effectiveCaps ?? [.. CapabilityNames.DockerDefaults]);
    }

    /// <summary>The profile in Docker's file format, e.g. to show the built-in default.</summary>
    public static string ToDockerJson(DockerSeccompProfile profile)
        => JsonSerializer.Serialize(profile, DockerSeccompJson.Default.DockerSeccompProfile);
}
