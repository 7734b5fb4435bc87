using System.Buffers.Binary;

namespace Wharf.Runtime.Native.X64;

/// <summary>Encodes the few x86-64 instructions Wharf generates (the container init, the clone3 trampoline), into
/// position-independent machine code: every branch is rel32 and every data reference RIP-relative, so the bytes run
/// wherever they are loaded.</summary>
/// <remarks>Encodings follow the Intel SDM, volume 2: REX prefix <c>0100WRXB</c>, ModRM <c>mod|reg|rm</c>, and a SIB
/// byte <c>0x24</c> whenever the base is RSP or R12 (rm=100 means "SIB follows").</remarks>
public sealed class X64Emitter
{
    private readonly List<byte> _bytes = [];
    private readonly List<(int Field, X64Label Target)> _fixups = [];

    /// <summary>Offset of the next byte from the start of the code.</summary>
    public int Position => _bytes.Count;

    public X64Label Label() => new();

    public void Bind(X64Label label)
    {
        if (label.Position >= 0) throw new InvalidOperationException("label bound twice");
        label.Position = _bytes.Count;
    }

    /// <summary>The code with every rel32 field resolved; throws when a referenced label was never bound.</summary>
    public byte[] ToArray()
    {
        var code = _bytes.ToArray();
        foreach (var (field, target) in _fixups)
        {
            if (target.Position < 0) throw new InvalidOperationException($"label used at offset {field} is never bound");
            // rel32 counts from the end of the instruction, which is the end of the field in every form used here.
            BinaryPrimitives.WriteInt32LittleEndian(code.AsSpan(field), target.Position - (field + 4));
        }
        return code;
    }

    // ---- moves ----

    /// <summary><c>mov r64, imm</c> in its shortest form: <c>mov r32, imm32</c> (zero-extends) for values that fit
    /// in 32 unsigned bits, <c>REX.W C7 /0 imm32</c> (sign-extends) for small negatives, else <c>movabs</c>.</summary>
    public void MovImmediate(X64Register dst, long value)
    {
        if (value is >= 0 and <= uint.MaxValue)
        {
            Rex(w: false, 0, dst);
            Byte(0xB8 + Low(dst));
            UInt32((uint)value);
        }
        else if (value is >= int.MinValue and <= int.MaxValue)
        {
            Rex(w: true, 0, dst);
            Byte(0xC7);
            ModRmRegister(0, dst);
            UInt32((uint)(int)value);
        }
        else
        {
            Rex(w: true, 0, dst);
            Byte(0xB8 + Low(dst));
            _bytes.AddRange(BitConverter.GetBytes(value));
        }
    }

    /// <summary><c>mov dst, src</c> (64-bit).</summary>
    public void Mov(X64Register dst, X64Register src) => RegisterRegister(0x89, src, dst);

    /// <summary><c>mov dst, qword [mem]</c>.</summary>
    public void Load(X64Register dst, X64Memory src) => RegisterMemory(0x8B, w: true, dst, src);

    /// <summary><c>mov dst32, dword [mem]</c>: the upper half of dst becomes zero.</summary>
    public void Load32(X64Register dst, X64Memory src) => RegisterMemory(0x8B, w: false, dst, src);

    /// <summary><c>movzx dst32, byte [mem]</c>.</summary>
    public void LoadByte(X64Register dst, X64Memory src)
    {
        Rex(w: false, dst, src.Base);
        Byte(0x0F);
        Byte(0xB6);
        ModRmMemory((int)dst, src);
    }

    /// <summary><c>mov qword [mem], src</c>.</summary>
    public void Store(X64Memory dst, X64Register src) => RegisterMemory(0x89, w: true, src, dst);

    /// <summary><c>mov byte [mem], src8</c> (AL, CL, …; SPL–DIL and R8B–R15B need a REX prefix).</summary>
    public void StoreByte(X64Memory dst, X64Register src)
    {
        Rex(w: false, src, dst.Base, forceForByteRegister: (int)src is >= 4 and <= 7);
        Byte(0x88);
        ModRmMemory((int)src, dst);
    }

    /// <summary><c>mov byte [mem], imm8</c>.</summary>
    public void StoreByte(X64Memory dst, byte value)
    {
        Rex(w: false, 0, dst.Base);
        Byte(0xC6);
        ModRmMemory(0, dst);
        Byte(value);
    }

    /// <summary><c>lea dst, [mem]</c>.</summary>
    public void Lea(X64Register dst, X64Memory src) => RegisterMemory(0x8D, w: true, dst, src);

    /// <summary><c>lea dst, [rip + label]</c>: the address of code or data placed with this emitter.</summary>
    public void LeaRip(X64Register dst, X64Label label)
    {
        Rex(w: true, dst, 0);
        Byte(0x8D);
        Byte(((int)dst & 7) << 3 | 0b101); // mod=00 rm=101: RIP + disp32
        Rel32(label);
    }

    public void Push(X64Register r)
    {
        Rex(w: false, 0, r);
        Byte(0x50 + Low(r));
    }

    public void Pop(X64Register r)
    {
        Rex(w: false, 0, r);
        Byte(0x58 + Low(r));
    }

    // ---- arithmetic and comparisons (64-bit) ----

    public void Add(X64Register dst, X64Register src) => RegisterRegister(0x01, src, dst);
    public void Sub(X64Register dst, X64Register src) => RegisterRegister(0x29, src, dst);
    public void And(X64Register dst, X64Register src) => RegisterRegister(0x21, src, dst);
    public void Xor(X64Register dst, X64Register src) => RegisterRegister(0x31, src, dst);
    public void Cmp(X64Register left, X64Register right) => RegisterRegister(0x39, right, left);
    public void Test(X64Register left, X64Register right) => RegisterRegister(0x85, right, left);

    public void Add(X64Register dst, int value) => Group1(0, dst, value);
    public void Sub(X64Register dst, int value) => Group1(5, dst, value);
    public void And(X64Register dst, int value) => Group1(4, dst, value);
    public void Cmp(X64Register left, int value) => Group1(7, left, value);

    /// <summary><c>cmp byte [mem], imm8</c>.</summary>
    public void CmpByte(X64Memory left, byte value)
    {
        Rex(w: false, 0, left.Base);
        Byte(0x80);
        ModRmMemory(7, left);
        Byte(value);
    }

    public void Shl(X64Register dst, byte count) => Shift(4, dst, count);
    public void Shr(X64Register dst, byte count) => Shift(5, dst, count);

    public void Inc(X64Register r) => Unary(0xFF, 0, r);
    public void Neg(X64Register r) => Unary(0xF7, 3, r);

    /// <summary><c>div r64</c>: RDX:RAX / r → quotient in RAX, remainder in RDX.</summary>
    public void Div(X64Register divisor) => Unary(0xF7, 6, divisor);

    // ---- control flow ----

    public void Syscall() { Byte(0x0F); Byte(0x05); }
    public void Ret() => Byte(0xC3);

    /// <summary><c>hlt</c>: faults in user mode, so it marks code that must never be reached.</summary>
    public void Hlt() => Byte(0xF4);

    public void Call(X64Label target) { Byte(0xE8); Rel32(target); }

    /// <summary><c>call r64</c> (<c>FF /2</c>): a call through a function pointer held in a register.</summary>
    public void Call(X64Register target)
    {
        Rex(w: false, 0, target);
        Byte(0xFF);
        ModRmRegister(2, target);
    }
    public void Jmp(X64Label target) { Byte(0xE9); Rel32(target); }

    public void Jump(X64Condition condition, X64Label target)
    {
        Byte(0x0F);
        Byte(0x80 | (int)condition);
        Rel32(target);
    }

    // ---- data ----

    /// <summary>Places raw bytes (strings, tables) in the code stream; keep them after the last instruction.</summary>
    public void Data(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes) _bytes.Add(b);
    }

    // ---- encoding helpers ----

    private void Group1(int extension, X64Register dst, int value)
    {
        Rex(w: true, 0, dst);
        if (value is >= sbyte.MinValue and <= sbyte.MaxValue)
        {
            Byte(0x83);
            ModRmRegister(extension, dst);
            Byte((byte)(sbyte)value);
        }
        else
        {
            Byte(0x81);
            ModRmRegister(extension, dst);
            UInt32((uint)value);
        }
    }

    private void Shift(int extension, X64Register dst, byte count)
    {
        Rex(w: true, 0, dst);
        Byte(0xC1);
        ModRmRegister(extension, dst);
        Byte(count);
    }

    private void Unary(byte opcode, int extension, X64Register r)
    {
        Rex(w: true, 0, r);
        Byte(opcode);
        ModRmRegister(extension, r);
    }

    /// <summary>An "op r/m64, r64" instruction with both operands registers: reg field = <paramref name="reg"/>.</summary>
    private void RegisterRegister(byte opcode, X64Register reg, X64Register rm)
    {
        Rex(w: true, reg, rm);
        Byte(opcode);
        ModRmRegister((int)reg, rm);
    }

    private void RegisterMemory(byte opcode, bool w, X64Register reg, X64Memory mem)
    {
        Rex(w, reg, mem.Base);
        Byte(opcode);
        ModRmMemory((int)reg, mem);
    }

    /// <summary>REX = 0100WRXB; left out when it would be 0x40 and no byte register needs it.</summary>
    private void Rex(bool w, X64Register reg, X64Register rmOrBase, bool forceForByteRegister = false)
    {
        int rex = 0x40 | (w ? 8 : 0) | ((int)reg >= 8 ? 4 : 0) | ((int)rmOrBase >= 8 ? 1 : 0);
        if (rex != 0x40 || forceForByteRegister) Byte(rex);
    }

    private void ModRmRegister(int reg, X64Register rm) => Byte(0xC0 | (reg & 7) << 3 | Low(rm));

    /// <summary>ModRM (+ SIB) + displacement for [base + disp]. RBP and R13 as base have no mod=00 form (that
    /// slot means RIP-relative), so they always carry a displacement.</summary>
    private void ModRmMemory(int reg, X64Memory mem)
    {
        int rm = Low(mem.Base);
        int mod = mem.Displacement == 0 && rm != 0b101 ? 0b00 : mem.Displacement is >= sbyte.MinValue and <= sbyte.MaxValue ? 0b01 : 0b10;
        Byte(mod << 6 | (reg & 7) << 3 | rm);
        if (rm == 0b100) Byte(0x24); // SIB: no index, base = RSP/R12
        if (mod == 0b01) Byte((byte)(sbyte)mem.Displacement);
        else if (mod == 0b10) UInt32((uint)mem.Displacement);
    }

    private void Rel32(X64Label target)
    {
        _fixups.Add((_bytes.Count, target));
        UInt32(0);
    }

    private static int Low(X64Register r) => (int)r & 7;
    private void Byte(int b) => _bytes.Add((byte)b);

    private void UInt32(uint v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        Data(b);
    }
}
