namespace Wharf.Cli.Images;

/// <summary>
/// docker's reference normalisation: "busybox" → docker.io/library/busybox:latest. The first path component is a
/// registry when it has a dot or a port, or is "localhost".
/// </summary>
public sealed record ImageReference(string Domain, string Path, string? Tag, string? Digest)
{
    public const string DefaultDomain = "docker.io";

    public static ImageReference Parse(string text)
    {
        if (text.Length == 0 || text != text.Trim()) throw new FormatException("invalid reference format");
        string? digest = null;
        var at = text.IndexOf('@');
        if (at >= 0)
        {
            digest = text[(at + 1)..];
            text = text[..at];
        }
        string? tag = null;
        var colon = text.LastIndexOf(':');
        if (colon > text.LastIndexOf('/'))
        {
            tag = text[(colon + 1)..];
            text = text[..colon];
        }
        var slash = text.IndexOf('/');
        string domain, path;
        var first = slash < 0 ? "" : text[..slash];
        if (slash >= 0 && (first.Contains('.') || first.Contains(':') || first == "localhost"))
        {
            domain = first;
            path = text[(slash + 1)..];
        }
        else
        {
            domain = DefaultDomain;
            path = text;
        }
        if (domain is "index.docker.io") domain = DefaultDomain;
        if (domain == DefaultDomain && !path.Contains('/')) path = "library/" + path;
        if (path.Any(char.IsAsciiLetterUpper)) throw new FormatException($"invalid reference format: repository name ({path}) must be lowercase");
        if (path.Length == 0 || tag == "" || path.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-' or '/')))
            throw new FormatException("invalid reference format");
        return new ImageReference(domain, path, tag, digest);
    }

    /// <summary>The tag, defaulting to "latest" when neither tag nor digest is given.</summary>
    public ImageReference WithDefaultTag() => Tag == null && Digest == null ? this with { Tag = "latest" } : this;

    /// <summary>The full repository name, e.g. docker.io/library/busybox.</summary>
    public string Repository => $"{Domain}/{Path}";

    /// <summary>The short form docker shows: busybox, user/app, localhost:5000/app.</summary>
    public string FamiliarName => Domain == DefaultDomain ? (Path.StartsWith("library/", StringComparison.Ordinal) ? Path["library/".Length..] : Path) : $"{Domain}/{Path}";

    public string FamiliarString => FamiliarName + (Tag != null ? ":" + Tag : "") + (Digest != null ? "@" + Digest : "");

    public override string ToString() => Repository + (Tag != null ? ":" + Tag : "") + (Digest != null ? "@" + Digest : "");

    /// <summary>The key credentials are stored under in config.json (Docker Hub's is the legacy v1 URL).</summary>
    public string AuthKey => Domain == DefaultDomain ? "https://index.docker.io/v1/" : Domain;
}
