using Wharf.Oci.Runtime;

namespace Wharf.Runtime.Seccomp;

public enum SeccompOp
{
    NotEqual,
    LessThan,
    LessOrEqual,
    Equal,
    GreaterOrEqual,
    GreaterThan,
    MaskedEqual,
}

/// <summary>One argument comparison; for <see cref="SeccompOp.MaskedEqual"/>, (arg &amp; Value) == ValueTwo.</summary>
internal readonly record struct SeccompCondition(int Index, SeccompOp Op, ulong Value, ulong ValueTwo)
{
    public static SeccompCondition From(LinuxSeccompArg arg)
    {
        if (arg.Index > 5)
            throw new ArgumentException($"seccomp argument index {arg.Index} is out of range (0-5)");
        var op = arg.Op switch
        {
            "SCMP_CMP_NE" => SeccompOp.NotEqual,
            "SCMP_CMP_LT" => SeccompOp.LessThan,
            "SCMP_CMP_LE" => SeccompOp.LessOrEqual,
            "SCMP_CMP_EQ" => SeccompOp.Equal,
            "SCMP_CMP_GE" => SeccompOp.GreaterOrEqual,
            "SCMP_CMP_GT" => SeccompOp.GreaterThan,
            "SCMP_CMP_MASKED_EQ" => SeccompOp.MaskedEqual,
            _ => throw new ArgumentException($"unknown seccomp operator \"{arg.Op}\""),
        };
        return new SeccompCondition((int)arg.Index, op, arg.Value, arg.ValueTwo ?? 0);
    }
}

/// <summary>A filter rule for one syscall: when every condition holds (none = always), return <see cref="Action"/>.</summary>
internal sealed record SeccompRule(uint Action, IReadOnlyList<SeccompCondition> Conditions);

/// <summary>Consecutive syscall numbers that share the same rules, tested with one range check.</summary>
internal sealed record SyscallRange(uint First, uint Last, List<SeccompRule> Rules)
{
    /// <summary>
    /// Joins neighbouring numbers whose only rule is the same unconditional action (the common case: long runs of
    /// allowed syscalls); numbers with argument rules stay on their own.
    /// </summary>
    public static List<SyscallRange> Merge(SortedDictionary<uint, List<SeccompRule>> rules)
    {
        var ranges = new List<SyscallRange>();
        foreach (var (nr, list) in rules)
        {
            if (ranges.Count > 0 && ranges[^1] is var last && last.Last + 1 == nr
                && IsPlain(last.Rules) && IsPlain(list) && last.Rules[0].Action == list[0].Action)
                ranges[^1] = last with { Last = nr };
            else
                ranges.Add(new SyscallRange(nr, nr, list));
        }
        return ranges;
    }

    private static bool IsPlain(List<SeccompRule> rules) => rules is [{ Conditions.Count: 0 }];
}
