namespace Wharf.Runtime.Capabilities;

/// <summary>
/// Linux capability names and numbers (linux/capability.h), as the OCI spec spells them: "CAP_CHOWN".
/// </summary>
public static class CapabilityNames
{
    /// <summary>Every capability the kernel headers define, indexed by number, up to CAP_CHECKPOINT_RESTORE (40).</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
        "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
        "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
        "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
        "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
        "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN",
        "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
        "CAP_CHECKPOINT_RESTORE",
    ];

    /// <summary>The set Docker grants a non-privileged container.</summary>
    public static IReadOnlyList<string> DockerDefaults { get; } =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
        "CAP_AUDIT_WRITE",
    ];

    private static readonly Dictionary<string, int> Numbers =
        All.Select((name, number) => (name, number)).ToDictionary(p => p.name, p => p.number, StringComparer.Ordinal);

    /// <summary>The number of an exact "CAP_X" name.</summary>
    public static int Number(string name)
        => Numbers.TryGetValue(name, out var number) ? number : throw Unknown(name);

    public static string Name(int number)
        => number >= 0 && number < All.Count
            ? All[number]
            : throw new ArgumentOutOfRangeException(nameof(number), number, $"unknown capability number {number}");

    public static bool IsKnown(string name) => Numbers.ContainsKey(name);

    /// <summary>Bit mask (bit n = capability n) of OCI-style names; null or empty gives 0.</summary>
    public static ulong ToMask(IEnumerable<string>? names)
    {
        ulong mask = 0;
        foreach (var name in names ?? [])
            mask |= 1UL << Number(name);
        return mask;
    }

    /// <summary>Names of the bits set in <paramref name="mask"/>, lowest first.</summary>
    public static IReadOnlyList<string> FromMask(ulong mask)
    {
        var names = new List<string>();
        for (var n = 0; n < All.Count; n++)
            if ((mask & (1UL << n)) != 0)
                names.Add(All[n]);
        return names;
    }

    /// <summary>The highest capability this kernel knows (/proc/sys/kernel/cap_last_cap).</summary>
    public static int LastSupported()
    {
        const string path = "/proc/sys/kernel/cap_last_cap";
        var text = File.ReadAllText(path).Trim();
        return int.TryParse(text, out var last)
            ? last
            : throw new InvalidDataException($"{path}: expected a number, got \"{text}\"");
    }

    /// <summary>Every capability both the headers and the running kernel know.</summary>
    public static IReadOnlyList<string> Supported()
    {
        var last = Math.Min(LastSupported(), All.Count - 1);
        return All.Take(last + 1).ToArray();
    }

    /// <summary>Docker's spelling rules: case-insensitive, "CAP_" optional, "ALL" kept as is.</summary>
    public static string Normalize(string name)
    {
        var upper = name.Trim().ToUpperInvariant();
        if (upper == "ALL")
            return upper;
        var full = upper.StartsWith("CAP_", StringComparison.Ordinal) ? upper : "CAP_" + upper;
        return IsKnown(full) ? full : throw Unknown(full);
    }

    internal static ArgumentException Unknown(string name) => new($"unknown capability \"{name}\"");
}
