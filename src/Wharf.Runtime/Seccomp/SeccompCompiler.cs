using Wharf.Oci.Runtime;
using Label = Wharf.Runtime.Seccomp.BpfAssembler.Label;

namespace Wharf.Runtime.Seccomp;

/// <summary>
/// Compiles an OCI seccomp profile into a classic BPF program (struct sock_filter[]) for
/// <c>seccomp(SECCOMP_SET_MODE_FILTER, flags, &amp;fprog)</c>.
/// </summary>
/// <remarks>
/// Layout: check seccomp_data.arch and dispatch to one section per x86 ABI (x86_64 and x32 share an audit arch
/// and are told apart by the x32 bit in the syscall number). A section binary-searches the syscall numbers that
/// have rules; a match runs that syscall's rules (argument-conditional ones in profile order, then the
/// unconditional one) and otherwise returns the default action. Architectures the
/// profile does not list are killed, as libseccomp does by default.
/// </remarks>
public static class SeccompCompiler
{
    // Offsets in struct seccomp_data.
    private const uint NrOffset = 0;
    private const uint ArchOffset = 4;
    private const uint ArgsOffset = 16;

    /// <summary>What a syscall from an architecture the filter does not list gets.</summary>
    public const uint BadArchAction = SeccompActions.KillThread;

    public const uint FlagTsync = 1, FlagLog = 2, FlagSpecAllow = 4, FlagNewListener = 8, FlagWaitKillableRecv = 32;

    public static byte[] Compile(LinuxSeccomp profile)
    {
        var defaultAction = SeccompActions.Encode(profile.DefaultAction, profile.DefaultErrnoRet);
        var arches = Architectures(profile.Architectures);
        var asm = new BpfAssembler();
        var badArch = asm.NewLabel();
        // BPF jumps only forward, so the x32/x86_64 split gets its own copy of the bad-arch return at the end.
        var badArchTail = asm.NewLabel();

        var x86_64Family = arches.Contains(SeccompArch.X86_64) || arches.Contains(SeccompArch.X32);
        var amd64 = asm.NewLabel();
        var i386 = asm.NewLabel();

        asm.Load(ArchOffset);
        if (x86_64Family)
        {
            var next = asm.NewLabel();
            asm.Branch(Bpf.JeqK, SeccompArchs.AuditArchX86_64, amd64, next);
            asm.Mark(next);
        }
        if (arches.Contains(SeccompArch.X86))
        {
            var next = asm.NewLabel();
            asm.Branch(Bpf.JeqK, SeccompArchs.AuditArchI386, i386, next);
            asm.Mark(next);
        }
        asm.Mark(badArch);
        asm.Return(BadArchAction);

        if (x86_64Family)
        {
            var native = asm.NewLabel();
            var x32 = asm.NewLabel();
            asm.Mark(amd64);
            asm.Load(NrOffset);
            if (arches.Contains(SeccompArch.X86_64))
            {
                // A tracer that skips a syscall sets nr to -1 and the filter runs again: that is no x32 call,
                // and killing the tracee for it would break strace and debuggers.
                var notSkipped = asm.NewLabel();
                asm.Branch(Bpf.JeqK, uint.MaxValue, native, notSkipped);
                asm.Mark(notSkipped);
            }
            asm.Branch(Bpf.JgeK, SeccompArchs.X32SyscallBit,
                arches.Contains(SeccompArch.X32) ? x32 : badArchTail,
                arches.Contains(SeccompArch.X86_64) ? native : badArchTail);
            if (arches.Contains(SeccompArch.X86_64))
            {
                asm.Mark(native);
                EmitSection(asm, RulesFor(profile, SeccompArch.X86_64, defaultAction), defaultAction, wide: true, loadNr: false);
            }
            if (arches.Contains(SeccompArch.X32))
            {
                asm.Mark(x32);
                EmitSection(asm, RulesFor(profile, SeccompArch.X32, defaultAction), defaultAction, wide: false, loadNr: true);
            }
        }
        if (arches.Contains(SeccompArch.X86))
        {
            asm.Mark(i386);
            EmitSection(asm, RulesFor(profile, SeccompArch.X86, defaultAction), defaultAction, wide: false, loadNr: true);
        }
        asm.Mark(badArchTail);
        asm.Return(BadArchAction);
        return asm.Assemble();
    }

    /// <summary>SECCOMP_FILTER_FLAG_* bits for the profile's <c>flags</c>.</summary>
    public static uint Flags(LinuxSeccomp profile)
    {
        uint flags = 0;
        foreach (var flag in profile.Flags ?? [])
        {
            flags |= flag switch
            {
                "SECCOMP_FILTER_FLAG_TSYNC" => FlagTsync,
                "SECCOMP_FILTER_FLAG_LOG" => FlagLog,
                "SECCOMP_FILTER_FLAG_SPEC_ALLOW" => FlagSpecAllow,
                "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV" => FlagWaitKillableRecv,
                _ => throw new ArgumentException($"unknown seccomp flag \"{flag}\""),
            };
        }
        return flags;
    }

    /// <summary>The x86 ABIs a profile covers; none listed means the native one only.</summary>
    private static HashSet<SeccompArch> Architectures(List<string>? names)
    {
        var arches = new HashSet<SeccompArch>();
        foreach (var name in names ?? [])
            if (SeccompArchs.Parse(name) is { } arch)
                arches.Add(arch);
        if (names is null or { Count: 0 })
            arches.Add(SeccompArch.X86_64);
        return arches;
    }

    /// <summary>
    /// Syscall number → rules, most specific first. Names this ABI lacks are skipped; names no architecture has
    /// are an error. Rules that just repeat the default action are dropped.
    /// </summary>
    private static SortedDictionary<uint, List<SeccompRule>> RulesFor(LinuxSeccomp profile, SeccompArch arch, uint defaultAction)
    {
        var conditional = new Dictionary<uint, List<SeccompRule>>();
        var unconditional = new Dictionary<uint, SeccompRule>();
        foreach (var syscall in profile.Syscalls ?? [])
        {
            var action = SeccompActions.Encode(syscall.Action, syscall.ErrnoRet);
            var conditions = (syscall.Args ?? []).Select(SeccompCondition.From).ToArray();
            if (syscall.Names.Count == 0)
                throw new ArgumentException("a seccomp syscall rule has no names");
            foreach (var name in syscall.Names)
            {
                if (SyscallTable.Number(arch, name) is not { } number)
                {
                    if (!SyscallTable.IsKnown(name))
                        throw new ArgumentException($"unknown syscall \"{name}\" in seccomp profile");
                    continue;
                }
                var nr = (uint)number;
                var rule = new SeccompRule(action, conditions);
                if (conditions.Length == 0)
                    unconditional.TryAdd(nr, rule);
                else
                    (conditional.TryGetValue(nr, out var list) ? list : conditional[nr] = []).Add(rule);
            }
        }

        var result = new SortedDictionary<uint, List<SeccompRule>>();
        foreach (var nr in conditional.Keys.Union(unconditional.Keys))
        {
            var fallback = unconditional.TryGetValue(nr, out var u) ? u.Action : defaultAction;
            var rules = conditional.GetValueOrDefault(nr, []).Where(r => r.Action != fallback).ToList();
            if (fallback != defaultAction)
                rules.Add(new SeccompRule(fallback, []));
            if (rules.Count > 0)
                result[nr] = rules;
        }
        return result;
    }

    /// <summary>Runs this short are searched linearly; longer ones are split in two by a jge on the middle number.</summary>
    private const int LinearRun = 8;

    private static void EmitSection(BpfAssembler asm, SortedDictionary<uint, List<SeccompRule>> rules,
        uint defaultAction, bool wide, bool loadNr)
    {
        if (loadNr)
            asm.Load(NrOffset);
        EmitSearch(asm, new ArraySegment<SyscallRange>([.. SyscallRange.Merge(rules)]), defaultAction, wide);
    }

    /// <summary>
    /// A binary search over the sorted syscall ranges down to short linear runs, so that any syscall is found in
    /// about log2(n) + 8 comparisons instead of n. Every rule block ends in a return, so the accumulator still
    /// holds the syscall number wherever the search continues.
    /// </summary>
    private static void EmitSearch(BpfAssembler asm, ArraySegment<SyscallRange> ranges, uint defaultAction, bool wide)
    {
        if (ranges.Count > LinearRun)
        {
            var half = ranges.Count / 2;
            var (low, high) = (asm.NewLabel(), asm.NewLabel());
            asm.Branch(Bpf.JgeK, ranges[half].First, high, low);
            asm.Mark(low);
            EmitSearch(asm, ranges[..half], defaultAction, wide);
            asm.Mark(high);
            EmitSearch(asm, ranges[half..], defaultAction, wide);
            return;
        }
        foreach (var range in ranges)
        {
            var match = asm.NewLabel();
            var next = asm.NewLabel();
            if (range.First == range.Last)
            {
                asm.Branch(Bpf.JeqK, range.First, match, next);
            }
            else
            {
                var atLeastFirst = asm.NewLabel();
                asm.Branch(Bpf.JgeK, range.First, atLeastFirst, next);
                asm.Mark(atLeastFirst);
                asm.Branch(Bpf.JgtK, range.Last, next, match);
            }
            asm.Mark(match);
            EmitRules(asm, range.Rules, defaultAction, wide);
            asm.Mark(next);
        }
        asm.Return(defaultAction);
    }

    /// <summary>One syscall's rules in order; the first whose conditions all hold returns its action.</summary>
    private static void EmitRules(BpfAssembler asm, List<SeccompRule> rules, uint defaultAction, bool wide)
    {
        foreach (var rule in rules)
        {
            var fail = asm.NewLabel();
            foreach (var condition in rule.Conditions)
                EmitCondition(asm, condition, wide, fail);
            asm.Return(rule.Action);
            asm.Mark(fail);
            if (rule.Conditions.Count == 0)
                return;
        }
        asm.Return(defaultAction);
    }

    /// <summary>
    /// Falls through when the condition holds, jumps to <paramref name="fail"/> otherwise. 64-bit ABIs compare the
    /// high word first (unsigned, like libseccomp); 32-bit ABIs see only the low word.
    /// </summary>
    private static void EmitCondition(BpfAssembler asm, SeccompCondition c, bool wide, Label fail)
    {
        var lo = ArgsOffset + 8 * (uint)c.Index;
        var hi = lo + 4;
        var pass = asm.NewLabel();
        var (valueHi, valueLo) = ((uint)(c.Value >> 32), (uint)c.Value);

        if (c.Op == SeccompOp.MaskedEqual)
        {
            var (wantHi, wantLo) = ((uint)(c.ValueTwo >> 32), (uint)c.ValueTwo);
            if (wide)
            {
                var low = asm.NewLabel();
                asm.Load(hi);
                asm.And(valueHi);
                asm.Branch(Bpf.JeqK, wantHi, low, fail);
                asm.Mark(low);
            }
            asm.Load(lo);
            asm.And(valueLo);
            asm.Branch(Bpf.JeqK, wantLo, pass, fail);
            asm.Mark(pass);
            return;
        }

        // On 64-bit ABIs the high words decide unless they are equal; then the low words decide.
        var lowWord = asm.NewLabel();
        if (wide)
        {
            asm.Load(hi);
            switch (c.Op)
            {
                case SeccompOp.Equal:
                    asm.Branch(Bpf.JeqK, valueHi, lowWord, fail);
                    break;
                case SeccompOp.NotEqual:
                    asm.Branch(Bpf.JeqK, valueHi, lowWord, pass);
                    break;
                case SeccompOp.GreaterThan or SeccompOp.GreaterOrEqual:
                {
                    var same = asm.NewLabel();
                    asm.Branch(Bpf.JgtK, valueHi, pass, same);
                    asm.Mark(same);
                    asm.Branch(Bpf.JeqK, valueHi, lowWord, fail);
                    break;
                }
                case SeccompOp.LessThan or SeccompOp.LessOrEqual:
                {
                    var notBelow = asm.NewLabel();
                    asm.Branch(Bpf.JgeK, valueHi, notBelow, pass);
                    asm.Mark(notBelow);
                    asm.Branch(Bpf.JeqK, valueHi, lowWord, fail);
                    break;
                }
            }
        }
        asm.Mark(lowWord);
        asm.Load(lo);
        switch (c.Op)
        {
            case SeccompOp.Equal: asm.Branch(Bpf.JeqK, valueLo, pass, fail); break;
            case SeccompOp.NotEqual: asm.Branch(Bpf.JeqK, valueLo, fail, pass); break;
            case SeccompOp.GreaterThan: asm.Branch(Bpf.JgtK, valueLo, pass, fail); break;
            case SeccompOp.GreaterOrEqual: asm.Branch(Bpf.JgeK, valueLo, pass, fail); break;
            case SeccompOp.LessThan: asm.Branch(Bpf.JgeK, valueLo, fail, pass); break;
            case SeccompOp.LessOrEqual: asm.Branch(Bpf.JgtK, valueLo, fail, pass); break;
        }
        asm.Mark(pass);
    }
}
