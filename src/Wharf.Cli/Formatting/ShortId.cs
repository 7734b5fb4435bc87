namespace Wharf.Cli.Formatting;

/// <summary>docker's TruncateID: drop the "sha256:" algorithm prefix and keep 12 characters.</summary>
public static class ShortId
{
    public static string Of(string id)
    {
        var colon = id.IndexOf(':');
        if (colon >= 0) id = id[(colon + 1)..];
        return id.Length > 12 ? id[..12] : id;
    }

    /// <summary>Cuts a string to maxRunes, ending in "…" when it was longer (docker's Ellipsis).</summary>
    public static string Ellipsis(string s, int maxRunes)
    {
        var runes = s.EnumerateRunes().ToArray();
        if (runes.Length <= maxRunes) return s;
        return string.Concat(runes.Take(maxRunes - 1).Select(r => r.ToString())) + "…";
    }
}
