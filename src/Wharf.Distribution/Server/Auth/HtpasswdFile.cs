using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Wharf.Distribution.Server.Auth;

/// <summary>
/// Users from an Apache htpasswd file with bcrypt hashes (<c>htpasswd -B</c>), the format distribution
/// reads. A verified password is remembered by its SHA-256 so bcrypt's deliberate cost is paid once per
/// user, not on every blob request.
/// </summary>
public sealed class HtpasswdFile
{
    private readonly Dictionary<string, string> _hashes;
    private readonly ConcurrentDictionary<string, byte[]> _verified = new(StringComparer.Ordinal);

    private HtpasswdFile(Dictionary<string, string> hashes) => _hashes = hashes;

    public static HtpasswdFile Load(string path)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        int lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            int colon = line.IndexOf(':');
            if (colon <= 0) throw new FormatException($"{path}:{lineNumber}: expected user:hash");
            var hash = line[(colon + 1)..];
            if (!hash.StartsWith("$2", StringComparison.Ordinal))
                throw new FormatException($"{path}:{lineNumber}: only bcrypt hashes are supported (htpasswd -B)");
            hashes[line[..colon]] = hash;
        }
        return new HtpasswdFile(hashes);
    }

    public bool Verify(string user, string password)
    {
        if (!_hashes.TryGetValue(user, out var hash)) return false;
        var fingerprint = SHA256.HashData(Encoding.UTF8.GetBytes(password));
        if (_verified.TryGetValue(user, out var known) && CryptographicOperations.FixedTimeEquals(known, fingerprint)) return true;
        bool ok;
        try { ok = BCrypt.Net.BCrypt.Verify(password, hash); }
        catch (BCrypt.Net.SaltParseException) { ok = false; }
        if (ok) _verified[user] = fingerprint;
        return ok;
    }
}
