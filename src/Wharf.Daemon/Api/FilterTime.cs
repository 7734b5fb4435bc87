using System.Globalization;
using Wharf.Engine.Errors;

namespace Wharf.Daemon.Api;

/// <summary>
/// The <c>until</c> value of prune filters, as dockerd reads it: a Go duration before now ("24h", "1h30m", "90s"),
/// Unix seconds with an optional fraction, or an RFC 3339 / "2006-01-02T15:04:05" / "2006-01-02" time (UTC).
/// </summary>
public static class FilterTime
{
    private static readonly string[] DateFormats =
        ["yyyy-MM-ddTHH:mm:ss.FFFFFFFFFK", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm", "yyyy-MM-dd"];

    public static DateTimeOffset Parse(string value, DateTimeOffset now)
    {
        if (TryGoDuration(value, out var ago)) return now - ago;
        if (!value.StartsWith('-') && UnixTimestamp.TryParseNanoseconds(value, out long nanoseconds))
            return DateTimeOffset.UnixEpoch.AddTicks(nanoseconds / 100);
        if (DateTimeOffset.TryParseExact(value, DateFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
            return time;
        throw EngineException.Invalid($"failed to parse value as time or duration: \"{value}\"");
    }

    /// <summary>Go's time.ParseDuration for non-negative values: decimal numbers each with a unit, e.g. "1.5h10m".</summary>
    private static bool TryGoDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text.Length == 0) return false;
        if (text == "0") return true;
        int i = 0;
        double ticks = 0;
        while (i < text.Length)
        {
            int start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.')) i++;
            if (i == start || !double.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double number))
                return false;
            int unitStart = i;
            while (i < text.Length && !char.IsAsciiDigit(text[i]) && text[i] != '.') i++;
            double unitTicks = text[unitStart..i] switch
            {
                "ns" => 0.01, "us" or "µs" => 10, "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond, "m" => TimeSpan.TicksPerMinute, "h" => TimeSpan.TicksPerHour,
                _ => double.NaN,
            };
            if (double.IsNaN(unitTicks)) return false;
            ticks += number * unitTicks;
        }
        duration = TimeSpan.FromTicks((long)ticks);
        return true;
    }
}
