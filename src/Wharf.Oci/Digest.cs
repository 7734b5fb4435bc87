using System.Security.Cryptography;

namespace Wharf.Oci;

/// <summary>A content digest such as <c>sha256:4f53…</c>. Only sha256 and sha512 are accepted, as in the OCI image spec.</summary>
public readonly record struct Digest
{
    public string Algorithm { get; }
    public string Hex { get; }

    private Digest(string algorithm, string hex) { Algorithm = algorithm; Hex = hex; }

    public override string ToString() => Algorithm + ":" + Hex;

    /// <summary>Short form used for image IDs in tables (12 hex characters).</summary>
    public string Short => Hex.Length > 12 ? Hex[..12] : Hex;

    public static Digest Parse(string text) =>
        TryParse(text, out var d) ? d : throw new FormatException($"invalid digest \"{text}\": expected sha256:<64 hex> or sha512:<128 hex>");

    public static bool TryParse(string? text, out Digest digest)
    {
        digest = default;
        if (string.IsNullOrEmpty(text)) return false;
        int colon = text.IndexOf(':');
        if (colon <= 0) return false;
        string alg = text[..colon], hex = text[(colon + 1)..];
        int expected = alg switch { "sha256" => 64, "sha512" => 128, _ => -1 };
        if (hex.Length != expected) return false;
        foreach (char c in hex)
            if (!(c is >= '0' and <= '9' or >= 'a' and <= 'f')) return false;
        digest = new Digest(alg, hex);
        return true;
    }

    public static Digest FromSha256Hash(ReadOnlySpan<byte> hash) => new("sha256", Convert.ToHexStringLower(hash));

    public static Digest Sha256(ReadOnlySpan<byte> content) => FromSha256Hash(SHA256.HashData(content));

    public static Digest Sha256(Stream content) => FromSha256Hash(SHA256.HashData(content));
}
