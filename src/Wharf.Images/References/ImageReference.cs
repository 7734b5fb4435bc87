using System.Text.RegularExpressions;
using Wharf.Oci;

namespace Wharf.Images.References;

/// <summary>An image name normalised like Docker's: <c>busybox</c> is <c>docker.io/library/busybox:latest</c>,
/// <c>localhost:5000/x</c> keeps its registry, and a digest may replace or accompany the tag.</summary>
public sealed partial record ImageReference(string Domain, string Path, string? Tag, Digest? Digest)
{
    public const string DefaultDomain = "docker.io";
    public const string DefaultTag = "latest";
    private const int MaxNameLength = 255;

    /// <summary>"docker.io/library/busybox": the repository without tag or digest.</summary>
    public string Repository => Domain + "/" + Path;

    /// <summary>The familiar repository, as docker prints it: "busybox", "user/app", "localhost:5000/x".</summary>
    public string FamiliarRepository =>
        Domain != DefaultDomain ? Repository : Path.StartsWith("library/", StringComparison.Ordinal) && Path.IndexOf('/', 8) < 0 ? Path[8..] : Path;

    /// <summary>"docker.io/library/busybox:latest" (or @digest).</summary>
    public override string ToString() => Repository + Suffix;

    /// <summary>"busybox:latest", "localhost:5000/x@sha256:…".</summary>
    public string Familiar => FamiliarRepository + Suffix;

    private string Suffix => (Tag is null ? "" : ":" + Tag) + (Digest is { } d ? "@" + d : "");

    public ImageReference WithTag(string tag) => this with { Tag = tag, Digest = null };

    public ImageReference WithDigest(Digest digest) => this with { Tag = null, Digest = digest };

    /// <summary>Parses and normalises; adds ":latest" when there is neither tag nor digest.</summary>
    public static ImageReference Parse(string text) => ParseCore(text, defaultTag: true);

    /// <summary>Parses a repository with an optional tag/digest and does not add "latest".</summary>
    public static ImageReference ParseNoDefaultTag(string text) => ParseCore(text, defaultTag: false);

    public static bool TryParse(string text, out ImageReference? reference)
    {
        try { reference = Parse(text); return true; }
        catch (ReferenceFormatException) { reference = null; return false; }
    }

    private static ImageReference ParseCore(string text, bool defaultTag)
    {
        if (string.IsNullOrEmpty(text)) throw new ReferenceFormatException("invalid reference format");
        string rest = text;
        Digest? digest = null;
        int at = rest.IndexOf('@');
        if (at >= 0)
        {
            if (!Oci.Digest.TryParse(rest[(at + 1)..], out var d)) throw new ReferenceFormatException("invalid reference format");
            digest = d;
            rest = rest[..at];
        }
        string? tag = null;
        int colon = rest.LastIndexOf(':');
        if (colon > rest.LastIndexOf('/'))
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (!TagPattern().IsMatch(tag)) throw new ReferenceFormatException("invalid reference format");
        }
        if (HexId().IsMatch(rest))
            throw new ReferenceFormatException($"invalid repository name ({rest}), cannot specify 64-byte hexadecimal strings");

        string domain = DefaultDomain, path = rest;
        int slash = rest.IndexOf('/');
        if (slash > 0)
        {
            string first = rest[..slash];
            if (first.Contains('.') || first.Contains(':') || first == "localhost" || first.Any(char.IsUpper))
            {
                domain = first;
                path = rest[(slash + 1)..];
            }
        }
        if (domain == "index.docker.io") domain = DefaultDomain;
        if (domain == DefaultDomain && !path.Contains('/')) path = "library/" + path;

        if (!DomainPattern().IsMatch(domain)) throw new ReferenceFormatException("invalid reference format");
        if (path.Any(char.IsUpper))
            throw new ReferenceFormatException($"invalid reference format: repository name ({path}) must be lowercase");
        foreach (var component in path.Split('/'))
            if (!ComponentPattern().IsMatch(component)) throw new ReferenceFormatException("invalid reference format");
        if (domain.Length + 1 + path.Length > MaxNameLength)
            throw new ReferenceFormatException($"invalid reference format: repository name must not be more than {MaxNameLength} characters");

        if (tag is null && digest is null && defaultTag) tag = DefaultTag;
        return new ImageReference(domain, path, tag, digest);
    }

    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*$")]
    private static partial Regex ComponentPattern();

    [GeneratedRegex(@"^[\w][\w.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:.]+\])(?::[0-9]+)?$")]
    private static partial Regex DomainPattern();

    [GeneratedRegex("^[a-f0-9]{64}$")]
    private static partial Regex HexId();
}
