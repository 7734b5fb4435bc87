namespace Wharf.Images.Progress;

/// <summary>Docker's text progress bar: 50 columns of '=' with a '>' head, then human sizes.</summary>
public static class ProgressBar
{
    private const int Width = 50;

    public static string Format(long current, long total)
    {
        if (total <= 0) return HumanSize(current);
        int filled = (int)Math.Clamp(current * 100 / total / 2, 0, Width);
        string bar = new string('=', filled) + ">" + new string(' ', Width - filled);
        return $"[{bar}] {HumanSize(current),8}/{HumanSize(total)}";
    }

    /// <summary>Decimal units with three significant digits, as Docker prints them ("1.23MB").</summary>
    public static string HumanSize(long bytes)
    {
        string[] units = ["B", "kB", "MB", "GB", "TB"];
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < units.Length - 1) { value /= 1000; unit++; }
        return value.ToString(value < 10 ? "0.##" : value < 100 ? "0.#" : "0", System.Globalization.CultureInfo.InvariantCulture) + units[unit];
    }
}
