using System.Buffers.Binary;

namespace Wharf.Runtime.Cgroups;

/// <summary>
/// Builds the eBPF program (BPF_PROG_TYPE_CGROUP_DEVICE) that enforces a <see cref="DeviceRuleSet"/> on
/// cgroup v2. The kernel passes struct bpf_cgroup_dev_ctx { access_type, major, minor } in r1, with
/// access_type = (access &lt;&lt; 16) | type; the program returns 1 to allow and 0 to deny.
/// </summary>
public static class DeviceFilterProgram
{
    // eBPF opcodes (linux/bpf.h, linux/bpf_common.h).
    private const byte LdxMemW = 0x61;      // BPF_LDX | BPF_MEM | BPF_W
    private const byte Mov32Reg = 0xbc;     // BPF_ALU | BPF_MOV | BPF_X
    private const byte And32Imm = 0x54;     // BPF_ALU | BPF_AND | BPF_K
    private const byte Rsh32Imm = 0x74;     // BPF_ALU | BPF_RSH | BPF_K
    private const byte Mov64Imm = 0xb7;     // BPF_ALU64 | BPF_MOV | BPF_K
    private const byte JeqImm = 0x15;       // BPF_JMP | BPF_JEQ | BPF_K
    private const byte JneImm = 0x55;       // BPF_JMP | BPF_JNE | BPF_K
    private const byte Exit = 0x95;         // BPF_JMP | BPF_EXIT

    // Registers: r2 = device type, r3 = access bits, r4 = major, r5 = minor, r1 = scratch once the context is read.
    private const byte R0 = 0, R1 = 1, R2 = 2, R3 = 3, R4 = 4, R5 = 5;

    private const int DevBlock = 1, DevChar = 2;

    public static byte[] Build(DeviceRuleSet rules)
    {
        var code = new List<(byte Op, byte Dst, byte Src, short Off, int Imm)>
        {
            (LdxMemW, R2, R1, 0, 0),
            (Mov32Reg, R3, R2, 0, 0),
            (And32Imm, R2, 0, 0, 0xFFFF),
            (Rsh32Imm, R3, 0, 0, 16),
            (LdxMemW, R4, R1, 4, 0),
            (LdxMemW, R5, R1, 8, 0),
        };

        foreach (var e in rules.Exceptions)
        {
            var block = new List<(byte Op, byte Dst, byte Src, short Off, int Imm)>();
            // Each check jumps past the rest of the block on mismatch; offsets are filled in once the length is known.
            block.Add((JneImm, R2, 0, -1, e.Type == 'b' ? DevBlock : DevChar));
            if (e.Major >= 0)
                block.Add((JneImm, R4, 0, -1, (int)e.Major));
            if (e.Minor >= 0)
                block.Add((JneImm, R5, 0, -1, (int)e.Minor));
            block.Add((Mov32Reg, R1, R3, 0, 0));
            if (rules.DefaultAllow)
            {
                // A deny exception applies when the request overlaps it.
                block.Add((And32Imm, R1, 0, 0, e.Access));
                block.Add((JeqImm, R1, 0, -1, 0));
            }
            else
            {
                // An allow exception applies when it grants every requested bit.
                block.Add((And32Imm, R1, 0, 0, ~e.Access & 7));
                block.Add((JneImm, R1, 0, -1, 0));
            }
            block.Add((Mov64Imm, R0, 0, 0, rules.DefaultAllow ? 0 : 1));
            block.Add((Exit, 0, 0, 0, 0));
            for (var i = 0; i < block.Count; i++)
                if (block[i].Off == -1)
                    block[i] = block[i] with { Off = (short)(block.Count - i - 1) };
            code.AddRange(block);
        }

        code.Add((Mov64Imm, R0, 0, 0, rules.DefaultAllow ? 1 : 0));
        code.Add((Exit, 0, 0, 0, 0));

        var bytes = new byte[code.Count * 8];
        for (var i = 0; i < code.Count; i++)
        {
            var (op, dst, src, off, imm) = code[i];
            var at = bytes.AsSpan(i * 8, 8);
            at[0] = op;
            at[1] = (byte)((src << 4) | dst);
            BinaryPrimitives.WriteInt16LittleEndian(at[2..], off);
            BinaryPrimitives.WriteInt32LittleEndian(at[4..], imm);
        }
        return bytes;
    }
}
