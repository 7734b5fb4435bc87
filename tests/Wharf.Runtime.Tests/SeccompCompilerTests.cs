using Wharf.Oci.Runtime;
using Wharf.Runtime.Seccomp;
using static Wharf.Runtime.Tests.SeccompBpfInterpreter;

namespace Wharf.Runtime.Tests;

public class SeccompCompilerTests
{
    // x86_64 syscall numbers (asm/unistd_64.h).
    private const uint GetPid = 39, Socket = 41, Clone = 56, Personality = 135, GetPriority = 140, Mount = 165, Clone3 = 435;
    private const uint X32Bit = 0x40000000;
    private const uint Eperm = SeccompActions.Errno | 1;

    private static LinuxSeccomp Profile(string defaultAction, params LinuxSyscall[] syscalls) => new()
    {
        DefaultAction = defaultAction,
        Architectures = ["SCMP_ARCH_X86_64"],
        Syscalls = [.. syscalls],
    };

    private static LinuxSyscall Rule(string action, string[] names, params LinuxSeccompArg[] args)
        => new() { Names = [.. names], Action = action, Args = args.Length == 0 ? null : [.. args] };

    [Fact]
    public void AllowlistReturnsAllowForListedAndDefaultErrnoForOthers()
    {
        var program = SeccompCompiler.Compile(Profile("SCMP_ACT_ERRNO", Rule("SCMP_ACT_ALLOW", ["getpid", "read"])));
        Assert.Equal(SeccompActions.Allow, Run(program, AuditArchX86_64, GetPid));
        Assert.Equal(SeccompActions.Allow, Run(program, AuditArchX86_64, 0));
        Assert.Equal(Eperm, Run(program, AuditArchX86_64, Mount));
    }

    [Fact]
    public void DefaultErrnoRetAndRuleErrnoRetAreEncoded()
    {
        var profile = Profile("SCMP_ACT_ERRNO", new LinuxSyscall { Names = ["mount"], Action = "SCMP_ACT_ERRNO", ErrnoRet = 38 },
            Rule("SCMP_ACT_ALLOW", ["getpid"]));
        profile.DefaultErrnoRet = 13;
        var program = SeccompCompiler.Compile(profile);
        Assert.Equal(SeccompActions.Errno | 38, Run(program, AuditArchX86_64, Mount));
        Assert.Equal(SeccompActions.Errno | 13, Run(program, AuditArchX86_64, GetPriority));
    }

    [Theory]
    [InlineData("SCMP_ACT_KILL", SeccompActions.KillThread)]
    [InlineData("SCMP_ACT_KILL_THREAD", SeccompActions.KillThread)]
    [InlineData("SCMP_ACT_KILL_PROCESS", SeccompActions.KillProcess)]
    [InlineData("SCMP_ACT_TRAP", SeccompActions.Trap)]
    [InlineData("SCMP_ACT_LOG", SeccompActions.Log)]
    [InlineData("SCMP_ACT_TRACE", SeccompActions.Trace | 1)]
    public void EachActionHasItsKernelValue(string action, uint expected)
    {
        var program = SeccompCompiler.Compile(Profile("SCMP_ACT_ALLOW", Rule(action, ["mount"])));
        Assert.Equal(expected, Run(program, AuditArchX86_64, Mount));
        Assert.Equal(SeccompActions.Allow, Run(program, AuditArchX86_64, GetPid));
    }

    [Fact]
    public void NotifyAndUnknownActionsAreRejected()
    {
        Assert.Throws<NotSupportedException>(() => SeccompCompiler.Compile(Profile("SCMP_ACT_ALLOW", Rule("SCMP_ACT_NOTIFY", ["mount"]))));
        var e = Assert.Throws<ArgumentException>(() => SeccompCompiler.Compile(Profile("SCMP_ACT_BOGUS")));
        Assert.Contains("SCMP_ACT_BOGUS", e.Message);
    }

    [Fact]
    public void UnlistedArchitectureIsKilledAndListedOnesDispatchByNumber()
    {
        var profile = Profile("SCMP_ACT_ERRNO", Rule("SCMP_ACT_ALLOW", ["getpid", "_llseek", "arch_prctl"]));
        profile.Architectures = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"];
        var program = SeccompCompiler.Compile(profile);

        Assert.Equal(SeccompActions.KillThread, Run(program, AuditArchAarch64, GetPid));
        Assert.Equal(SeccompActions.Allow, Run(program, AuditArchX86_64, GetPid));
        Assert.Equal(SeccompActions.Allow, Run(program, AuditArchI386, 20));            // getpid on i386
        Assert.Equal(SeccompActions.Allow, Run(program, AuditArchI386, 140));           // _llseek exists only on i386
        Assert.Equal(Eperm, Run(program, AuditArchI386, GetPid));                       // 39 is mkdir on i386
        Assert.Equal(SeccompActions.Allow, Run(program, AuditArchX86_64, X32Bit | GetPid));
        Assert.Equal(SeccompActions.Allow, Run(program, AuditArchX86_64, 158));         // arch_prctl on x86_64
        Assert.Equal(Eperm, Run(program, AuditArchX86_64, 140));                        // 140 is getpriority on x86_64
    }

    [Fact]
    public void X32CallsAreBadArchWhenOnlyX86_64IsListed()
    {
        var program = SeccompCompiler.Compile(Profile("SCMP_ACT_ALLOW", Rule("SCMP_ACT_ERRNO", ["mount"])));
        Assert.Equal(SeccompActions.KillThread, Run(program, AuditArchX86_64, X32Bit | GetPid));
        Assert.Equal(SeccompActions.KillThread, Run(program, AuditArchI386, 20));
        Assert.Equal(SeccompActions.Allow, Run(program, AuditArchX86_64, GetPid));
    }

    [Fact]
    public void NamesOnOtherArchesAreSkippedButUnknownNamesFail()
    {
        var program = SeccompCompiler.Compile(Profile("SCMP_ACT_ERRNO", Rule("SCMP_ACT_ALLOW", ["arm_fadvise64_64", "s390_runtime_instr", "getpid"])));
        Assert.Equal(SeccompActions.Allow, Run(program, AuditArchX86_64, GetPid));
        var e = Assert.Throws<ArgumentException>(() => SeccompCompiler.Compile(Profile("SCMP_ACT_ERRNO", Rule("SCMP_ACT_ALLOW", ["no_such_call"]))));
        Assert.Equal("unknown syscall \"no_such_call\" in seccomp profile", e.Message);
    }

    [Fact]
    public void SyscallsNewerThanTheHeadersAreKnown()
    {
        var program = SeccompCompiler.Compile(Profile("SCMP_ACT_ERRNO", Rule("SCMP_ACT_ALLOW", ["mseal", "fchmodat2", "uretprobe"])));
        Assert.Equal(SeccompActions.Allow, Run(program, AuditArchX86_64, 462));
        Assert.Equal(SeccompActions.Allow, Run(program, AuditArchX86_64, 452));
        Assert.Equal(SeccompActions.Allow, Run(program, AuditArchX86_64, 335));
    }

    public static TheoryData<string, ulong> Comparisons()
    {
        var data = new TheoryData<string, ulong>();
        foreach (var op in new[] { "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT" })
            foreach (var value in new ulong[] { 0, 5, 0xFFFF_FFFF, 0x1_0000_0000, 0x1_0000_0005, 0xFFFF_FFFF_FFFF_FFFF })
                data.Add(op, value);
        return data;
    }

    private static readonly ulong[] Probes =
    [
        0, 1, 4, 5, 6, 0xFFFF_FFFE, 0xFFFF_FFFF, 0x1_0000_0000, 0x1_0000_0004, 0x1_0000_0005, 0x1_0000_0006,
        0x2_0000_0000, 0xFFFF_FFFF_0000_0000, 0xFFFF_FFFF_FFFF_FFFE, 0xFFFF_FFFF_FFFF_FFFF,
    ];

    [Theory]
    [MemberData(nameof(Comparisons))]
    public void SixtyFourBitComparisonsMatchUnsignedSemantics(string op, ulong value)
    {
        // ERRNO(7) when arg2 <op> value; default allow.
        var rule = Rule("SCMP_ACT_ERRNO", ["getpriority"], new LinuxSeccompArg { Index = 2, Op = op, Value = value });
        rule.ErrnoRet = 7;
        var program = SeccompCompiler.Compile(Profile("SCMP_ACT_ALLOW", rule));
        foreach (var arg in Probes)
        {
            var holds = op switch
            {
                "SCMP_CMP_NE" => arg != value, "SCMP_CMP_LT" => arg < value, "SCMP_CMP_LE" => arg <= value,
                "SCMP_CMP_EQ" => arg == value, "SCMP_CMP_GE" => arg >= value, _ => arg > value,
            };
            var expected = holds ? SeccompActions.Errno | 7 : SeccompActions.Allow;
            Assert.True(expected == Run(program, AuditArchX86_64, GetPriority, 0, 0, arg), $"{arg:x} {op} {value:x}");
        }
    }

    [Fact]
    public void MaskedEqualComparesBothWords()
    {
        const ulong mask = 0x0000_00F0_7E02_0000, want = 0x0000_0010_0000_0000;
        var program = SeccompCompiler.Compile(Profile("SCMP_ACT_ERRNO",
            Rule("SCMP_ACT_ALLOW", ["clone"], new LinuxSeccompArg { Index = 0, Op = "SCMP_CMP_MASKED_EQ", Value = mask, ValueTwo = want })));
        foreach (var arg in Probes.Concat([0x10_0000_0000UL, 0x10_0002_0000UL, 0x10_0000_0011UL, 0x30_0000_0000UL]))
        {
            var expected = (arg & mask) == want ? SeccompActions.Allow : Eperm;
            Assert.True(expected == Run(program, AuditArchX86_64, Clone, arg), $"arg {arg:x}");
        }
    }

    [Fact]
    public void ArgumentsInOneRuleAreAndedAndRulesForOneSyscallAreOred()
    {
        var program = SeccompCompiler.Compile(Profile("SCMP_ACT_ERRNO",
            Rule("SCMP_ACT_ALLOW", ["socket"], new() { Index = 0, Op = "SCMP_CMP_EQ", Value = 2 }, new() { Index = 1, Op = "SCMP_CMP_EQ", Value = 1 }),
            Rule("SCMP_ACT_ALLOW", ["socket"], new LinuxSeccompArg { Index = 0, Op = "SCMP_CMP_EQ", Value = 1 })));
        Assert.Equal(SeccompActions.Allow, Run(program, AuditArchX86_64, Socket, 2, 1));
        Assert.Equal(Eperm, Run(program, AuditArchX86_64, Socket, 2, 2));
        Assert.Equal(SeccompActions.Allow, Run(program, AuditArchX86_64, Socket, 1, 99));
        Assert.Equal(Eperm, Run(program, AuditArchX86_64, Socket, 10, 1));
    }

    [Fact]
    public void ConditionalRulesComeBeforeTheUnconditionalOneForTheSameSyscall()
    {
        var program = SeccompCompiler.Compile(Profile("SCMP_ACT_ALLOW",
            Rule("SCMP_ACT_ERRNO", ["personality"]),
            Rule("SCMP_ACT_LOG", ["personality"], new LinuxSeccompArg { Index = 0, Op = "SCMP_CMP_EQ", Value = 8 })));
        Assert.Equal(SeccompActions.Log, Run(program, AuditArchX86_64, Personality, 8));
        Assert.Equal(Eperm, Run(program, AuditArchX86_64, Personality, 0));
    }

    [Fact]
    public void ThirtyTwoBitAbisCompareOnlyTheLowWord()
    {
        var profile = Profile("SCMP_ACT_ERRNO", Rule("SCMP_ACT_ALLOW", ["personality"], new LinuxSeccompArg { Index = 0, Op = "SCMP_CMP_EQ", Value = 8 }));
        profile.Architectures = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"];
        var program = SeccompCompiler.Compile(profile);
        Assert.Equal(SeccompActions.Allow, Run(program, AuditArchI386, 136, 0xABCD_0000_0000_0008));  // i386 personality = 136
        Assert.Equal(Eperm, Run(program, AuditArchX86_64, Personality, 0xABCD_0000_0000_0008));
    }

    [Fact]
    public void LongProgramsUseTrampolinesAndStillDecideCorrectly()
    {
        // 400 argument rules on one syscall put the "no match" target of the syscall check far beyond 255 instructions.
        var rules = Enumerable.Range(0, 400).Select(i =>
            Rule("SCMP_ACT_ALLOW", ["personality"], new LinuxSeccompArg { Index = 0, Op = "SCMP_CMP_EQ", Value = (ulong)i * 3 })).ToList();
        rules.Add(Rule("SCMP_ACT_ALLOW", ["getpid"]));
        var program = SeccompCompiler.Compile(Profile("SCMP_ACT_ERRNO", [.. rules]));

        Assert.True(program.Length / 8 > 1000, $"expected a long program, got {program.Length / 8} instructions");
        Assert.True(CountLongJumps(program) >= 2, "the far jumps need ja trampolines");
        Assert.Equal(SeccompActions.Allow, Run(program, AuditArchX86_64, Personality, 0));
        Assert.Equal(SeccompActions.Allow, Run(program, AuditArchX86_64, Personality, 399 * 3));
        Assert.Equal(Eperm, Run(program, AuditArchX86_64, Personality, 4));
        Assert.Equal(SeccompActions.Allow, Run(program, AuditArchX86_64, GetPid));
        Assert.Equal(Eperm, Run(program, AuditArchX86_64, Mount));
    }

    [Fact]
    public void ProgramsOverTheKernelLimitAreRefused()
    {
        var rules = Enumerable.Range(0, 2000).Select(i =>
            Rule("SCMP_ACT_ALLOW", ["personality"], new LinuxSeccompArg { Index = 0, Op = "SCMP_CMP_EQ", Value = (ulong)i })).ToArray();
        var e = Assert.Throws<InvalidOperationException>(() => SeccompCompiler.Compile(Profile("SCMP_ACT_ERRNO", rules)));
        Assert.Contains("4096", e.Message);
    }

    [Fact]
    public void BadArgumentsAreReported()
    {
        Assert.Throws<ArgumentException>(() => SeccompCompiler.Compile(Profile("SCMP_ACT_ERRNO",
            Rule("SCMP_ACT_ALLOW", ["socket"], new LinuxSeccompArg { Index = 6, Op = "SCMP_CMP_EQ" }))));
        var e = Assert.Throws<ArgumentException>(() => SeccompCompiler.Compile(Profile("SCMP_ACT_ERRNO",
            Rule("SCMP_ACT_ALLOW", ["socket"], new LinuxSeccompArg { Index = 0, Op = "SCMP_CMP_ABOUT" }))));
        Assert.Contains("SCMP_CMP_ABOUT", e.Message);
        Assert.Throws<ArgumentException>(() => SeccompCompiler.Compile(new LinuxSeccomp { DefaultAction = "SCMP_ACT_ALLOW", Architectures = ["SCMP_ARCH_VAX"] }));
    }

    [Fact]
    public void FlagsMapToKernelBits()
    {
        var profile = new LinuxSeccomp { Flags = ["SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW"] };
        Assert.Equal(7u, SeccompCompiler.Flags(profile));
        Assert.Equal(0u, SeccompCompiler.Flags(new LinuxSeccomp()));
        Assert.Throws<ArgumentException>(() => SeccompCompiler.Flags(new LinuxSeccomp { Flags = ["SECCOMP_FILTER_FLAG_BOGUS"] }));
    }

    [Fact]
    public void NeighbouringSyscallsShareARangeCheckButGapsKeepTheDefault()
    {
        // 0..9 are read, write, open, close, stat, fstat, lstat, poll, lseek, mmap on x86_64; fstat (5) is left out.
        var program = SeccompCompiler.Compile(Profile("SCMP_ACT_ERRNO",
            Rule("SCMP_ACT_ALLOW", ["read", "write", "open", "close", "stat", "lstat", "poll", "lseek", "mmap"]),
            Rule("SCMP_ACT_LOG", ["mprotect"])));
        for (uint nr = 0; nr < 10; nr++)
            Assert.Equal(nr == 5 ? Eperm : SeccompActions.Allow, Run(program, AuditArchX86_64, nr));
        Assert.Equal(SeccompActions.Log, Run(program, AuditArchX86_64, 10));
        Assert.Equal(Eperm, Run(program, AuditArchX86_64, 11));
        // nr -1 (a syscall a tracer skipped) is not an x32 call: it gets the default action, not the bad-arch kill.
        Assert.Equal(Eperm, Run(program, AuditArchX86_64, 0xFFFFFFFF));
    }
}
