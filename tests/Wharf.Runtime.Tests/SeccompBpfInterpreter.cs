using System.Buffers.Binary;

namespace Wharf.Runtime.Tests;

/// <summary>
/// Runs a classic BPF seccomp program over a struct seccomp_data, the way the kernel would, so that compiled
/// filters can be checked without installing them. Rejects what the kernel's checker rejects: unknown opcodes,
/// jumps out of the program, loads outside seccomp_data and falling off the end.
/// </summary>
internal static class SeccompBpfInterpreter
{
    public const uint AuditArchX86_64 = 0xC000003E, AuditArchI386 = 0x40000003, AuditArchAarch64 = 0xC00000B7;

    public static uint Run(byte[] program, uint arch, uint nr, params ulong[] args) => RunCounting(program, arch, nr, args).Action;

    /// <summary>The returned action and how many instructions ran to reach it.</summary>
    public static (uint Action, int Steps) RunCounting(byte[] program, uint arch, uint nr, params ulong[] args)
    {
        var data = new byte[64];
        BinaryPrimitives.WriteUInt32LittleEndian(data, nr);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(4), arch);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(8), 0x7f00_0000_1000);
        for (var i = 0; i < args.Length; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(16 + 8 * i), args[i]);

        var count = program.Length / 8;
        Assert.True(program.Length % 8 == 0 && count is > 0 and <= 4096, "program size");
        uint a = 0;
        var pc = 0;
        for (var steps = 0; steps <= count; steps++)
        {
            Assert.InRange(pc, 0, count - 1);
            var insn = program.AsSpan(pc * 8, 8);
            var code = BinaryPrimitives.ReadUInt16LittleEndian(insn);
            var (jt, jf) = (insn[2], insn[3]);
            var k = BinaryPrimitives.ReadUInt32LittleEndian(insn[4..]);
            pc++;
            switch (code)
            {
                case 0x20: // ld [k]
                    Assert.True(k % 4 == 0 && k + 4 <= 64, $"load at {k}");
                    a = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan((int)k));
                    break;
                case 0x54: a &= k; break;                             // and #k
                case 0x05: pc += (int)k; break;                       // ja
                case 0x15: pc += a == k ? jt : jf; break;             // jeq
                case 0x25: pc += a > k ? jt : jf; break;              // jgt
                case 0x35: pc += a >= k ? jt : jf; break;             // jge
                case 0x45: pc += (a & k) != 0 ? jt : jf; break;       // jset
                case 0x06: return (k, steps + 1);                     // ret #k
                default:
                    Assert.Fail($"unexpected BPF opcode 0x{code:x} at {pc - 1}");
                    break;
            }
        }
        Assert.Fail("BPF program did not return (a backward jump or a loop)");
        return default;
    }

    /// <summary>Number of instructions that are 32-bit unconditional jumps (long-jump trampolines or section jumps).</summary>
    public static int CountLongJumps(byte[] program)
    {
        var n = 0;
        for (var i = 0; i < program.Length; i += 8)
            if (BinaryPrimitives.ReadUInt16LittleEndian(program.AsSpan(i)) == 0x05)
                n++;
        return n;
    }
}
