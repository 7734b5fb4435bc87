using Wharf.Runtime.Spawn;

namespace Wharf.Runtime.Tests;

/// <summary>The clone3 trampoline, assembled by X64Emitter, against what GNU as makes of the same listing
/// (<c>as --64 -msyntax=intel -mnaked-reg</c>, the branch forced to rel32 with <c>{disp32}</c>, then objdump -d):
/// a wrong byte here crashes every container start on the cgroup2 path.</summary>
public sealed class Clone3StubTests
{
    [Fact]
    public void StubMatchesTheGnuAssemblerListing()
    {
        const string listing =
            "49 89 d0 " +          // mov r8, rdx
            "49 89 c9 " +          // mov r9, rcx
            "b8 b3 01 00 00 " +    // mov eax, 435 (clone3)
            "0f 05 " +             // syscall
            "48 85 c0 " +          // test rax, rax
            "0f 85 14 00 00 00 " + // {disp32} jnz parent
            "48 31 ed " +          // xor rbp, rbp
            "4c 89 cf " +          // mov rdi, r9
            "41 ff d0 " +          // call r8
            "48 89 c7 " +          // mov rdi, rax
            "b8 3c 00 00 00 " +    // mov eax, 60 (exit)
            "0f 05 " +             // syscall
            "f4 " +                // hlt
            "c3";                  // parent: ret
        Assert.Equal(listing, string.Join(' ', Clone3.AssembleStub().Select(b => b.ToString("x2"))));
    }
}
