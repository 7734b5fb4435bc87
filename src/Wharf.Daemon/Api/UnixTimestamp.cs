using System.Globalization;

namespace Wharf.Daemon.Api;

/// <summary>
/// The "seconds[.fraction]" Unix time the docker CLI sends for since/until (it converts durations and dates
/// itself before the request), with the fraction read to nanoseconds.
/// </summary>
public static class UnixTimestamp
{
    public static bool TryParseNanoseconds(string text, out long nanoseconds)
    {
        nanoseconds = 0;
        var parts = text.Split('.');
        if (parts.Length > 2 || !long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long seconds))
            return false;
        long fraction = 0;
        if (parts.Length == 2)
        {
            if (parts[1].Length == 0 || !parts[1].All(char.IsAsciiDigit)) return false;
            fraction = long.Parse(parts[1].PadRight(9, '0')[..9], CultureInfo.InvariantCulture);
        }
        nanoseconds = seconds * 1_000_000_000 + fraction;
        return true;
    }
}
