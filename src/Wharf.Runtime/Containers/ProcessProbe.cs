using Wharf.Runtime.Native;

namespace Wharf.Runtime.Containers;

/// <summary>Reads /proc/PID/stat to tell whether a recorded process is still the same, living process.</summary>
public static class ProcessProbe
{
    /// <summary>Start time (clock ticks since boot) of a live, non-zombie process, or null.</summary>
    public static ulong? StartTime(int pid)
    {
        if (pid <= 0) return null;
        string? stat;
        try
        {
            stat = KernelFile.TryRead($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        if (stat is null) return null;
        // "pid (comm) S ppid …": comm may hold spaces and parentheses, so split after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        if (fields[0] is "Z" or "X") return null;
        return ulong.Parse(fields[19], System.Globalization.CultureInfo.InvariantCulture);
    }

    public static bool IsAlive(int pid, ulong startTime) => StartTime(pid) is { } t && t == startTime;
}
