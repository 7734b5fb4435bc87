namespace Wharf.Runtime.Native.X64;

/// <summary>The 64-bit general-purpose registers, numbered as the instruction encoding numbers them.</summary>
public enum X64Register : byte
{
    Rax, Rcx, Rdx, Rbx, Rsp, Rbp, Rsi, Rdi, R8, R9, R10, R11, R12, R13, R14, R15,
}

/// <summary>Condition codes of <c>jcc</c>: the low nibble of opcode <c>0F 80+cc</c>.</summary>
public enum X64Condition : byte
{
    Overflow = 0x0, NoOverflow = 0x1,
    Below = 0x2, AboveOrEqual = 0x3,
    Equal = 0x4, NotEqual = 0x5,
    BelowOrEqual = 0x6, Above = 0x7,
    Sign = 0x8, NotSign = 0x9,
    Less = 0xC, GreaterOrEqual = 0xD, LessOrEqual = 0xE, Greater = 0xF,
}

/// <summary>A memory operand <c>[base + displacement]</c>.</summary>
public readonly record struct X64Memory(X64Register Base, int Displacement = 0);

/// <summary>A position in the code, bound once; jumps and RIP-relative loads may refer to it before it is bound.</summary>
public sealed class X64Label
{
    internal int Position { get; set; } = -1;
}
