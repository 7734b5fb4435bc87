using System.Globalization;

namespace Wharf.Cli.Formatting;

/// <summary>docker's go-units formatting: decimal sizes ("4.26MB") and rough durations ("About a minute").</summary>
public static class HumanUnits
{
    private static readonly string[] DecimalUnits = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];

    /// <summary>units.HumanSizeWithPrecision: divide by 1000 while ≥1000, then Go's %.{precision}g plus the unit.</summary>
    public static string Size(double size, int precision = 3)
    {
        var i = 0;
        while (size >= 1000 && i < DecimalUnits.Length - 1)
        {
            size /= 1000;
            i++;
        }
        return FormatG(size, precision) + DecimalUnits[i];
    }

    /// <summary>Go's %.Ng: N significant digits, trailing zeros dropped, exponent form when exp &lt; -4 or ≥ N.</summary>
    public static string FormatG(double value, int precision)
    {
        if (value == 0) return "0";
        var rounded = double.Parse(value.ToString("E" + (precision - 1), CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var exp = (int)Math.Floor(Math.Log10(Math.Abs(rounded)));
        if (exp < -4 || exp >= precision)
        {
            var mantissa = rounded / Math.Pow(10, exp);
            var m = mantissa.ToString("0." + new string('#', Math.Max(0, precision - 1)), CultureInfo.InvariantCulture);
            return $"{m}e{(exp < 0 ? '-' : '+')}{Math.Abs(exp):00}";
        }
        var decimals = Math.Max(0, precision - 1 - exp);
        return rounded.ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture);
    }

    /// <summary>units.HumanDuration, as used for "Up 3 seconds" and "2 minutes ago".</summary>
    public static string Duration(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        if (seconds < 1) return "Less than a second";
        if (seconds == 1) return "1 second";
        if (seconds < 60) return $"{seconds} seconds";
        var minutes = (long)d.TotalMinutes;
        if (minutes == 1) return "About a minute";
        if (minutes < 60) return $"{minutes} minutes";
        var hours = (long)Math.Round(d.TotalHours, MidpointRounding.AwayFromZero);
        if (hours == 1) return "About an hour";
        if (hours < 48) return $"{hours} hours";
        if (hours < 24 * 7 * 2) return $"{hours / 24} days";
        if (hours < 24 * 30 * 2) return $"{hours / 24 / 7} weeks";
        if (hours < 24 * 365 * 2) return $"{hours / 24 / 30} months";
        return $"{(long)(d.TotalHours / 24 / 365)} years";
    }

    /// <summary>Parses docker's sizes for -m/--memory: "512m", "1g", "1024" (bytes), binary units.</summary>
    public static bool TryParseRamSize(string text, out long bytes)
    {
        bytes = 0;
        text = text.Trim().ToLowerInvariant();
        if (text.Length == 0) return false;
        var unitStart = text.Length;
        while (unitStart > 0 && char.IsLetter(text[unitStart - 1])) unitStart--;
        if (!double.TryParse(text[..unitStart], NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number < 0) return false;
        long multiplier = text[unitStart..] switch
        {
            "" or "b" => 1,
            "k" or "kb" or "kib" => 1L << 10,
            "m" or "mb" or "mib" => 1L << 20,
            "g" or "gb" or "gib" => 1L << 30,
            "t" or "tb" or "tib" => 1L << 40,
            "p" or "pb" or "pib" => 1L << 50,
            _ => 0,
        };
        if (multiplier == 0) return false;
        bytes = (long)(number * multiplier);
        return true;
    }
}
