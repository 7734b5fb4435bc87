using Wharf.Runtime.Native.X64;
using static Wharf.Runtime.Native.X64.X64Register;

namespace Wharf.Runtime.Tests;

/// <summary>The emitter's encodings against the bytes GNU as produces for the same instructions (checked with
/// <c>as --64</c> and <c>objdump -d</c> when these were written).</summary>
public sealed class X64EmitterTests
{
    private static readonly Dictionary<string, (Action<X64Emitter> Emit, string Hex)> s_cases = new()
    {
        ["mov rax, rbx"] = (a => a.Mov(Rax, Rbx), "48 89 d8"),
        ["mov rsi, r15"] = (a => a.Mov(Rsi, R15), "4c 89 fe"),
        ["mov r12, [rsp]"] = (a => a.Load(R12, new(Rsp)), "4c 8b 24 24"),
        ["mov rdi, [r15]"] = (a => a.Load(Rdi, new(R15)), "49 8b 3f"),
        ["mov rax, [r13+0] (no mod=00 form for r13)"] = (a => a.Load(Rax, new(R13)), "49 8b 45 00"),
        ["mov rax, [rbp+0] (no mod=00 form for rbp)"] = (a => a.Load(Rax, new(Rbp)), "48 8b 45 00"),
        ["mov rdx, [r12+0x200] (SIB, disp32)"] = (a => a.Load(Rdx, new(R12, 0x200)), "49 8b 94 24 00 02 00 00"),
        ["mov eax, [rsp+16]"] = (a => a.Load32(Rax, new(Rsp, 16)), "8b 44 24 10"),
        ["mov r8d, [rsp+16]"] = (a => a.Load32(R8, new(Rsp, 16)), "44 8b 44 24 10"),
        ["mov [rsp+24], rax"] = (a => a.Store(new(Rsp, 24), Rax), "48 89 44 24 18"),
        ["mov eax, 60"] = (a => a.MovImmediate(Rax, 60), "b8 3c 00 00 00"),
        ["mov r10d, 8"] = (a => a.MovImmediate(R10, 8), "41 ba 08 00 00 00"),
        ["mov rdi, -1"] = (a => a.MovImmediate(Rdi, -1), "48 c7 c7 ff ff ff ff"),
        ["movabs rax, 0x1122334455667788"] = (a => a.MovImmediate(Rax, 0x1122334455667788), "48 b8 88 77 66 55 44 33 22 11"),
        ["movzx eax, byte [r9]"] = (a => a.LoadByte(Rax, new(R9)), "41 0f b6 01"),
        ["mov [rdi], al"] = (a => a.StoreByte(new(Rdi), Rax), "88 07"),
        ["mov [rdi], sil (REX for the byte register)"] = (a => a.StoreByte(new(Rdi), Rsi), "40 88 37"),
        ["mov [r8], r9b"] = (a => a.StoreByte(new(R8), R9), "45 88 08"),
        ["mov byte [rdi], 0x2f"] = (a => a.StoreByte(new(Rdi), (byte)'/'), "c6 07 2f"),
        ["cmp byte [rax+2], 0"] = (a => a.CmpByte(new(Rax, 2), 0), "80 78 02 00"),
        ["lea r13, [rsp+8]"] = (a => a.Lea(R13, new(Rsp, 8)), "4c 8d 6c 24 08"),
        ["lea r9, [rsi+5]"] = (a => a.Lea(R9, new(Rsi, 5)), "4c 8d 4e 05"),
        ["cmp rax, 17"] = (a => a.Cmp(Rax, 17), "48 83 f8 11"),
        ["cmp rax, 2040 (81 /7 form)"] = (a => a.Cmp(Rax, 2040), "48 81 f8 f8 07 00 00"),
        ["cmp rcx, r8"] = (a => a.Cmp(Rcx, R8), "4c 39 c1"),
        ["sub rsp, 8192"] = (a => a.Sub(Rsp, 8192), "48 81 ec 00 20 00 00"),
        ["add rdi, 128"] = (a => a.Add(Rdi, 128), "48 81 c7 80 00 00 00"),
        ["and rdi, 0x7f"] = (a => a.And(Rdi, 0x7F), "48 83 e7 7f"),
        ["test rax, rax"] = (a => a.Test(Rax, Rax), "48 85 c0"),
        ["xor r10, r10"] = (a => a.Xor(R10, R10), "4d 31 d2"),
        ["shl r14, 3"] = (a => a.Shl(R14, 3), "49 c1 e6 03"),
        ["shr rax, 8"] = (a => a.Shr(Rax, 8), "48 c1 e8 08"),
        ["neg r8"] = (a => a.Neg(R8), "49 f7 d8"),
        ["div r10"] = (a => a.Div(R10), "49 f7 f2"),
        ["inc r9"] = (a => a.Inc(R9), "49 ff c1"),
        ["push rdx"] = (a => a.Push(Rdx), "52"),
        ["push r8"] = (a => a.Push(R8), "41 50"),
        ["pop r15"] = (a => a.Pop(R15), "41 5f"),
        ["syscall"] = (a => a.Syscall(), "0f 05"),
        ["ret"] = (a => a.Ret(), "c3"),
        ["hlt"] = (a => a.Hlt(), "f4"),
        ["call rax"] = (a => a.Call(Rax), "ff d0"),
        ["call r8"] = (a => a.Call(R8), "41 ff d0"),
        ["call r15"] = (a => a.Call(R15), "41 ff d7"),
    };

    public static TheoryData<string> Cases => [.. s_cases.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void EncodesLikeTheGnuAssembler(string instruction)
    {
        var (emit, hex) = s_cases[instruction];
        var a = new X64Emitter();
        emit(a);
        Assert.Equal(hex, Hex(a.ToArray()));
    }

    [Fact]
    public void BranchesResolveRelativeToTheEndOfTheInstruction()
    {
        var a = new X64Emitter();
        var top = a.Label();
        var bottom = a.Label();
        a.Bind(top);
        a.Jump(X64Condition.Equal, bottom);    // 0: 0f 84 rel32, ends at 6
        a.Jmp(top);                            // 6: e9 rel32, ends at 11 → -11
        a.Call(bottom);                        // 11: e8 rel32, ends at 16 → 0
        a.Bind(bottom);
        Assert.Equal("0f 84 0a 00 00 00 e9 f5 ff ff ff e8 00 00 00 00", Hex(a.ToArray()));
    }

    [Fact]
    public void RipRelativeLeaPointsAtLaterData()
    {
        var a = new X64Emitter();
        var text = a.Label();
        a.LeaRip(Rsi, text);                   // 48 8d 35 rel32, ends at 7; data at 8 → 1
        a.Ret();
        a.Bind(text);
        a.Data("hi"u8);
        Assert.Equal("48 8d 35 01 00 00 00 c3 68 69", Hex(a.ToArray()));
    }

    [Fact]
    public void AnUnboundLabelIsAnError()
    {
        var a = new X64Emitter();
        a.Jmp(a.Label());
        Assert.Throws<InvalidOperationException>(() => a.ToArray());
    }

    [Fact]
    public void BindingALabelTwiceIsAnError()
    {
        var a = new X64Emitter();
        var l = a.Label();
        a.Bind(l);
        Assert.Throws<InvalidOperationException>(() => a.Bind(l));
    }

    private static string Hex(byte[] bytes) => string.Join(' ', bytes.Select(b => b.ToString("x2")));
}
