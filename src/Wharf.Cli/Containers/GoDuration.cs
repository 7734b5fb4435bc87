using System.Globalization;

namespace Wharf.Cli.Containers;

/// <summary>Go's time.ParseDuration: "1h30m", "500ms", "2.5s", "0".</summary>
public static class GoDuration
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (text == "0") return true;
        var s = text;
        var negative = s.StartsWith('-');
        if (negative || s.StartsWith('+')) s = s[1..];
        if (s.Length == 0) return false;
        double ticks = 0;
        while (s.Length > 0)
        {
            var i = 0;
            while (i < s.Length && (char.IsDigit(s[i]) || s[i] == '.')) i++;
            if (i == 0 || !double.TryParse(s[..i], NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return false;
            s = s[i..];
            var j = 0;
            while (j < s.Length && !char.IsDigit(s[j]) && s[j] != '.') j++;
            double unit = s[..j] switch
            {
                "ns" => 0.01, "us" or "µs" => 10, "ms" => TimeSpan.TicksPerMillisecond, "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute, "h" => TimeSpan.TicksPerHour, _ => -1,
            };
            if (unit < 0) return false;
            ticks += number * unit;
            s = s[j..];
        }
        value = TimeSpan.FromTicks((long)(negative ? -ticks : ticks));
        return true;
    }

    public static string? Validate(string text) => TryParse(text, out _) ? null : $"time: invalid duration \"{text}\"";
}
