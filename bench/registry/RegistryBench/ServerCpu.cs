/// <summary>CPU time a server process has used (utime + stime), read from /proc/PID/stat.</summary>
sealed class ServerCpu(string? pid)
{
    /// <summary>SERVER_PID from the environment; without it every reading is 0 and no CPU column is printed.</summary>
    public static ServerCpu FromEnvironment() => new(Environment.GetEnvironmentVariable("SERVER_PID"));

    public bool Known => pid is not null;

    /// <summary>utime + stime in clock ticks (fields 14 and 15 of /proc/PID/stat, after the "(comm)").</summary>
    public long Ticks()
    {
        if (pid is null) return 0;
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11]) + long.Parse(fields[12]);
    }
}
