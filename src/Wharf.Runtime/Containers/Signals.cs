namespace Wharf.Runtime.Containers;

/// <summary>Signal names and numbers (x86_64) as `kill` accepts them: "9", "KILL" or "SIGKILL".</summary>
public static class Signals
{
    private static readonly string[] Names =
    [
        "", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE",
        "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM",
        "PROF", "WINCH", "IO", "PWR", "SYS",
    ];

    public const int SIGKILL = 9, SIGTERM = 15;

    public static int Parse(string text)
    {
        if (int.TryParse(text, out var number) && number is > 0 and <= 64) return number;
        var name = text.ToUpperInvariant();
        if (name.StartsWith("SIG", StringComparison.Ordinal)) name = name[3..];
        if (name == "IOT") return 6;
        if (name == "POLL") return 29;
        var index = Array.IndexOf(Names, name);
        if (index > 0) return index;
        if (name.StartsWith("RTMIN", StringComparison.Ordinal)) return 34 + OffsetOf(name, "RTMIN");
        if (name.StartsWith("RTMAX", StringComparison.Ordinal)) return 64 + OffsetOf(name, "RTMAX");
        throw new ContainerException($"invalid signal: {text}");
    }

    private static int OffsetOf(string name, string prefix)
        => name.Length == prefix.Length ? 0 : int.Parse(name[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture);
}
