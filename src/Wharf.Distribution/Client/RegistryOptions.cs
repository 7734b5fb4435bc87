namespace Wharf.Distribution.Client;

/// <summary>daemon.json's registry settings: <c>registry-mirrors</c> (used for docker.io only, like Docker) and
/// <c>insecure-registries</c> (plain HTTP fallback and no TLS verification), plus where per-host TLS files live.</summary>
public sealed class RegistryOptions
{
    public IReadOnlyList<string> Mirrors { get; init; } = [];
    public IReadOnlyList<string> InsecureRegistries { get; init; } = [];
    public IReadOnlyList<string> CertsDirectories { get; init; } = ["/etc/docker/certs.d", "/etc/wharf/certs.d"];
    public int MaxConcurrentDownloads { get; init; } = 3;
    public int MaxConcurrentUploads { get; init; } = 5;
    /// <summary>Uploads above this size go in chunks (PATCH per chunk); smaller ones in one PUT.</summary>
    public long ChunkSize { get; init; } = 32 << 20;
    public int MaxRetries { get; init; } = 4;
    /// <summary>Download attempts per layer (dockerd's 5); each resumes the bytes the one before had fetched.</summary>
    public int MaxDownloadAttempts { get; init; } = 5;
    /// <summary>Attempt n+1 starts n times this after attempt n failed (dockerd: 5 s, 10 s, …).</summary>
    public TimeSpan DownloadRetryDelay { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>How long connecting to an endpoint, TLS handshake included, may take before the next one is tried.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);
    /// <summary>Docker trusts loopback registries without TLS checks; tests of TLS itself turn that off.</summary>
    public bool LoopbackIsInsecure { get; init; } = true;

    /// <summary>Docker treats loopback registries and those listed (host[:port] or CIDR) as insecure.</summary>
    public bool IsInsecure(string host)
    {
        string bare = HostWithoutPort(host);
        if (LoopbackIsInsecure && (bare is "localhost" || bare.StartsWith("127.", StringComparison.Ordinal) || bare == "[::1]")) return true;
        foreach (var entry in InsecureRegistries)
        {
            if (string.Equals(entry, host, StringComparison.OrdinalIgnoreCase) || string.Equals(entry, bare, StringComparison.OrdinalIgnoreCase)) return true;
            if (entry.Contains('/') && System.Net.IPNetwork.TryParse(entry, out var net) && System.Net.IPAddress.TryParse(bare.Trim('[', ']'), out var ip) && net.Contains(ip))
                return true;
        }
        return false;
    }

    private static string HostWithoutPort(string host)
    {
        if (host.StartsWith('[')) { int end = host.IndexOf(']'); return end > 0 ? host[..(end + 1)] : host; }
        int colon = host.LastIndexOf(':');
        return colon > 0 ? host[..colon] : host;
    }
}
