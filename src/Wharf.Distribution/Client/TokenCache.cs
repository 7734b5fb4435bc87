using System.Collections.Concurrent;

namespace Wharf.Distribution.Client;

/// <summary>Authorization header values per (host, scope), kept until shortly before the token expires.</summary>
internal sealed class TokenCache
{
    private readonly ConcurrentDictionary<string, (string Header, DateTimeOffset Expires)> _entries = new();

    public string? Get(string host, string scope) =>
        _entries.TryGetValue(host + " " + scope, out var e) && e.Expires > DateTimeOffset.UtcNow ? e.Header : null;

    public void Put(string host, string scope, string header, TimeSpan lifetime)
    {
        // Renew a little early so a token never expires mid-request.
        var margin = lifetime > TimeSpan.FromSeconds(20) ? TimeSpan.FromSeconds(10) : TimeSpan.Zero;
        _entries[host + " " + scope] = (header, DateTimeOffset.UtcNow + lifetime - margin);
    }

    public void Forget(string host, string scope) => _entries.TryRemove(host + " " + scope, out _);
}
