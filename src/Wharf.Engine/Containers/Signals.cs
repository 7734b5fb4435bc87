using Wharf.Engine.Errors;

namespace Wharf.Engine.Containers;

/// <summary>Signal names and numbers as Docker accepts them ("SIGTERM", "TERM", "15").</summary>
public static class Signals
{
    private static readonly string[] Names =
    [
        "", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM",
        "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
    ];

    /// <summary>The name without SIG ("TERM"), which runc's kill accepts; 400 for an unknown signal.</summary>
    public static string Normalize(string signal)
    {
        var s = signal.Trim().ToUpperInvariant();
        if (int.TryParse(s, out int n)) return n > 0 && n < Names.Length ? Names[n] : n is >= 34 and <= 64 ? n.ToString() : throw Invalid(signal);
        if (s.StartsWith("SIG", StringComparison.Ordinal)) s = s[3..];
        return Array.IndexOf(Names, s) > 0 ? s : throw Invalid(signal);
    }

    public static int Number(string signal)
    {
        var s = Normalize(signal);
        int i = Array.IndexOf(Names, s);
        return i > 0 ? i : int.Parse(s);
    }

    private static EngineException Invalid(string signal) => EngineException.Invalid($"Invalid signal: {signal}");
}
