using Wharf.Oci.Runtime;

namespace Wharf.Runtime.Cgroups;

/// <summary>
/// What an ordered list of OCI device rules means, worked out the way the v1 devices controller applies writes
/// to devices.allow/devices.deny: a rule for all devices ("a") sets the default and clears the exceptions; a
/// rule that agrees with the default takes access bits away from matching exceptions; any other rule adds an
/// exception. cgroup v2 has no such state, so its BPF program is built from the result.
/// </summary>
public sealed class DeviceRuleSet
{
    /// <summary>One exception: 'b' or 'c', -1 for a wildcard number, access as bits (1 = mknod, 2 = read, 4 = write).</summary>
    public sealed record Exception(char Type, long Major, long Minor, int Access);

    public const int Mknod = 1, Read = 2, Write = 4;

    private readonly List<Exception> _exceptions = [];

    /// <summary>True when devices not named by an exception are allowed (v1's initial state).</summary>
    public bool DefaultAllow { get; private set; } = true;

    public IReadOnlyList<Exception> Exceptions => _exceptions;

    public static DeviceRuleSet From(IEnumerable<LinuxDeviceCgroup> rules)
    {
        var set = new DeviceRuleSet();
        foreach (var rule in rules)
            set.Add(rule);
        return set;
    }

    private void Add(LinuxDeviceCgroup rule)
    {
        DeviceRule.Format(rule); // validates type and access
        var type = string.IsNullOrEmpty(rule.Type) ? 'a' : rule.Type[0];
        if (type == 'a')
        {
            DefaultAllow = rule.Allow;
            _exceptions.Clear();
            return;
        }
        var access = AccessBits(rule.Access);
        var (major, minor) = (rule.Major ?? -1, rule.Minor ?? -1);
        if (rule.Allow == DefaultAllow)
        {
            // Agrees with the default: narrow the exceptions it covers.
            for (var i = _exceptions.Count - 1; i >= 0; i--)
            {
                var e = _exceptions[i];
                if (e.Type != type || !Covers(major, e.Major) || !Covers(minor, e.Minor))
                    continue;
                var left = e.Access & ~access;
                if (left == 0)
                    _exceptions.RemoveAt(i);
                else
                    _exceptions[i] = e with { Access = left };
            }
            return;
        }
        var same = _exceptions.FindIndex(e => e.Type == type && e.Major == major && e.Minor == minor);
        if (same >= 0)
            _exceptions[same] = _exceptions[same] with { Access = _exceptions[same].Access | access };
        else
            _exceptions.Add(new Exception(type, major, minor, access));
    }

    /// <summary>
    /// The decision for one access, as the kernel makes it: with a default of deny, an exception must grant every
    /// requested bit; with a default of allow, any exception overlapping the request denies it.
    /// </summary>
    public bool IsAllowed(char type, long major, long minor, int access)
    {
        foreach (var e in _exceptions)
        {
            if (e.Type != type || !Covers(e.Major, major) || !Covers(e.Minor, minor))
                continue;
            if (DefaultAllow && (access & e.Access) != 0)
                return false;
            if (!DefaultAllow && (access & ~e.Access) == 0)
                return true;
        }
        return DefaultAllow;
    }

    private static bool Covers(long pattern, long value) => pattern < 0 || pattern == value;

    public static int AccessBits(string? access)
    {
        if (string.IsNullOrEmpty(access))
            return Mknod | Read | Write;
        var bits = 0;
        foreach (var ch in access)
            bits |= ch switch { 'm' => Mknod, 'r' => Read, 'w' => Write, _ => throw new ArgumentException($"invalid device access \"{access}\"") };
        return bits;
    }
}
