using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Wharf.Cli.Config;

/// <summary>
/// docker's context store: <c>contexts/meta/&lt;sha256(name)&gt;/meta.json</c> holds the endpoint
/// (<c>Endpoints.docker.Host</c>, <c>SkipTLSVerify</c>); <c>contexts/tls/&lt;sha256(name)&gt;/docker/</c> holds ca/cert/key.
/// "default" is not stored: it means the host from flags and environment.
/// </summary>
public sealed class ContextStore(string configDirectory)
{
    public sealed record ContextEndpoint(string Name, string? Host, bool SkipTlsVerify, string? TlsDirectory);

    public ContextEndpoint? Find(string name)
    {
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)));
        var meta = Path.Combine(configDirectory, "contexts", "meta", id, "meta.json");
        if (!File.Exists(meta)) return null;
        using var doc = JsonDocument.Parse(File.ReadAllText(meta));
        string? host = null;
        var skip = false;
        if (doc.RootElement.TryGetProperty("Endpoints", out var eps) && eps.TryGetProperty("docker", out var docker))
        {
            if (docker.TryGetProperty("Host", out var h)) host = h.GetString();
            if (docker.TryGetProperty("SkipTLSVerify", out var s) && s.ValueKind == JsonValueKind.True) skip = true;
        }
        var tls = Path.Combine(configDirectory, "contexts", "tls", id, "docker");
        return new ContextEndpoint(name, host, skip, Directory.Exists(tls) ? tls : null);
    }
}
