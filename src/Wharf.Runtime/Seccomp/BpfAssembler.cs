using System.Buffers.Binary;

namespace Wharf.Runtime.Seccomp;

/// <summary>Classic BPF opcodes (linux/filter.h, linux/bpf_common.h) that seccomp filters use.</summary>
internal static class Bpf
{
    public const ushort LdAbsW = 0x00 | 0x00 | 0x20;   // BPF_LD | BPF_W | BPF_ABS
    public const ushort AndK = 0x04 | 0x50 | 0x00;     // BPF_ALU | BPF_AND | BPF_K
    public const ushort Ja = 0x05 | 0x00;              // BPF_JMP | BPF_JA
    public const ushort JeqK = 0x05 | 0x10 | 0x00;     // BPF_JMP | BPF_JEQ | BPF_K
    public const ushort JgtK = 0x05 | 0x20 | 0x00;     // BPF_JMP | BPF_JGT | BPF_K
    public const ushort JgeK = 0x05 | 0x30 | 0x00;     // BPF_JMP | BPF_JGE | BPF_K
    public const ushort JsetK = 0x05 | 0x40 | 0x00;    // BPF_JMP | BPF_JSET | BPF_K
    public const ushort RetK = 0x06 | 0x00;            // BPF_RET | BPF_K

    /// <summary>BPF_MAXINSNS: the kernel refuses longer classic programs.</summary>
    public const int MaxInstructions = 4096;

    /// <summary>Size of one struct sock_filter.</summary>
    public const int InstructionSize = 8;
}

/// <summary>
/// Builds a classic BPF program with symbolic forward jumps. Conditional jumps only reach 255 instructions,
/// so a conditional jump whose target lies further is rewritten as a short branch over two 32-bit
/// <c>ja</c> trampolines; sizes are recomputed until every jump fits.
/// </summary>
internal sealed class BpfAssembler
{
    public sealed class Label
    {
        internal int Item = -1;
    }

    private readonly record struct Item(ushort Code, uint K, Label? True, Label? False);

    private readonly List<Item> _items = [];

    public int Count => _items.Count;

    public Label NewLabel() => new();

    /// <summary>Binds <paramref name="label"/> to the next instruction emitted.</summary>
    public void Mark(Label label)
    {
        if (label.Item >= 0)
            throw new InvalidOperationException("BPF label marked twice");
        label.Item = _items.Count;
    }

    public void Load(uint offset) => _items.Add(new Item(Bpf.LdAbsW, offset, null, null));

    public void And(uint mask) => _items.Add(new Item(Bpf.AndK, mask, null, null));

    public void Return(uint value) => _items.Add(new Item(Bpf.RetK, value, null, null));

    public void Jump(Label target) => _items.Add(new Item(Bpf.Ja, 0, target, null));

    /// <summary>A conditional jump: <paramref name="code"/> is <see cref="Bpf.JeqK"/>, JgtK, JgeK or JsetK.</summary>
    public void Branch(ushort code, uint k, Label whenTrue, Label whenFalse)
        => _items.Add(new Item(code, k, whenTrue, whenFalse));

    /// <summary>The program as an array of 8-byte struct sock_filter, little-endian as on x86.</summary>
    public byte[] Assemble()
    {
        var isLong = new bool[_items.Count];
        int[] position;
        while (true)
        {
            position = Positions(isLong);
            var changed = false;
            for (var i = 0; i < _items.Count; i++)
            {
                var item = _items[i];
                if (!IsConditional(item.Code) || isLong[i])
                    continue;
                var next = position[i] + 1;
                if (Target(item.True!, position) - next > 255 || Target(item.False!, position) - next > 255)
                {
                    isLong[i] = true;
                    changed = true;
                }
            }
            if (!changed)
                break;
        }

        var total = position[_items.Count];
        if (total > Bpf.MaxInstructions)
            throw new InvalidOperationException($"seccomp filter needs {total} BPF instructions; the kernel allows {Bpf.MaxInstructions}");

        var bytes = new byte[total * Bpf.InstructionSize];
        var at = 0;
        for (var i = 0; i < _items.Count; i++)
        {
            var item = _items[i];
            var next = position[i] + 1;
            if (item.Code == Bpf.Ja)
            {
                Write(bytes, ref at, Bpf.Ja, 0, 0, (uint)Offset(item.True!, position, next));
            }
            else if (!IsConditional(item.Code))
            {
                Write(bytes, ref at, item.Code, 0, 0, item.K);
            }
            else if (!isLong[i])
            {
                Write(bytes, ref at, item.Code, (byte)Offset(item.True!, position, next),
                    (byte)Offset(item.False!, position, next), item.K);
            }
            else
            {
                // jcond → fall into "ja true" or skip one to "ja false".
                Write(bytes, ref at, item.Code, 0, 1, item.K);
                Write(bytes, ref at, Bpf.Ja, 0, 0, (uint)Offset(item.True!, position, next + 1));
                Write(bytes, ref at, Bpf.Ja, 0, 0, (uint)Offset(item.False!, position, next + 2));
            }
        }
        return bytes;
    }

    private static bool IsConditional(ushort code) => code is Bpf.JeqK or Bpf.JgtK or Bpf.JgeK or Bpf.JsetK;

    private int[] Positions(bool[] isLong)
    {
        var position = new int[_items.Count + 1];
        for (var i = 0; i < _items.Count; i++)
            position[i + 1] = position[i] + (isLong[i] ? 3 : 1);
        return position;
    }

    private static int Target(Label label, int[] position)
        => label.Item >= 0 ? position[label.Item] : throw new InvalidOperationException("BPF jump to an unmarked label");

    private static int Offset(Label label, int[] position, int next)
    {
        var offset = Target(label, position) - next;
        // Classic BPF only jumps forward: a backward jump would be a compiler bug.
        return offset >= 0 ? offset : throw new InvalidOperationException("BPF jump goes backwards");
    }

    private static void Write(byte[] bytes, ref int at, ushort code, byte jt, byte jf, uint k)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at), code);
        bytes[at + 2] = jt;
        bytes[at + 3] = jf;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 4), k);
        at += Bpf.InstructionSize;
    }
}
