using System.Globalization;

namespace Wharf.Cli.Containers;

/// <summary>
/// docker's --since/--until values: a Go duration relative to now ("10m"), an RFC 3339 time or date, or
/// unix seconds, sent to the API as "seconds.nanoseconds".
/// </summary>
public static class TimestampArg
{
    public static string Convert(string value, DateTimeOffset now)
    {
        if (value.Length == 0) return value;
        if (GoDuration.TryParse(value, out var ago) && !value.All(char.IsDigit)) return Format(now - ago);
        if (decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _)) return value;
        string[] layouts = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd"];
        if (DateTimeOffset.TryParseExact(value, layouts, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var t)) return Format(t);
        throw new FormatException($"invalid value for \"since\"/\"until\": failed to parse value as time or duration: \"{value}\"");
    }

    private static string Format(DateTimeOffset t)
    {
        var ticks = (t - DateTimeOffset.UnixEpoch).Ticks;
        var seconds = ticks / TimeSpan.TicksPerSecond;
        var nanos = ticks % TimeSpan.TicksPerSecond * 100;
        return $"{seconds}.{nanos:D9}";
    }
}
