using System.Globalization;

namespace Wharf.Cli.Formatting;

/// <summary>Time formats docker prints: Go's time.Time.String() and RFC 3339 with nanoseconds.</summary>
public static class GoTime
{
    /// <summary>"2006-01-02 15:04:05 -0700 MST" in local time (UTC zone shown as "+0000 UTC").</summary>
    public static string String(DateTimeOffset t)
    {
        var local = t.ToLocalTime();
        var offset = local.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var abs = offset.Duration();
        var zone = offset == TimeSpan.Zero ? "UTC" : $"{sign}{abs.Hours:00}";
        return local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + $" {sign}{abs.Hours:00}{abs.Minutes:00} {zone}";
    }

    public static DateTimeOffset FromUnix(long seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds);

    /// <summary>Parses the API's RFC 3339 timestamps (up to 9 fractional digits), or null for the zero time.</summary>
    public static DateTimeOffset? ParseRfc3339(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.StartsWith("0001-01-01", StringComparison.Ordinal)) return null;
        // .NET keeps 7 fractional digits: cut nanoseconds down before parsing
        var dot = text.IndexOf('.');
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsDigit(text[end])) end++;
            var fraction = text[(dot + 1)..end];
            if (fraction.Length > 7) text = text[..(dot + 1)] + fraction[..7] + text[end..];
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
    }
}
