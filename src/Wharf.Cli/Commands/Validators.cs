using System.Globalization;
using Wharf.Cli.Formatting;

namespace Wharf.Cli.Commands;

/// <summary>Flag value checks that give pflag's error text when a value does not parse.</summary>
public static class Validators
{
    public static string? Int(string v) =>
        int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) ? null : $"strconv.ParseInt: parsing \"{v}\": invalid syntax";

    public static string? Size(string v) => HumanUnits.TryParseRamSize(v, out _) ? null : $"invalid size: '{v}'";

    public static string? Decimal(string v) =>
        double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d >= 0 ? null : $"failed to parse {v} as a rational number";
}
