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
