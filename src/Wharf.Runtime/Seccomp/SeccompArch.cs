namespace Wharf.Runtime.Seccomp;

/// <summary>The x86 syscall ABIs a filter on an x86_64 kernel can meet, with their seccomp_data.arch values.</summary>
public enum SeccompArch
{
    X86_64,
    X86,
    X32,
}

public static class SeccompArchs
{
    /// <summary>AUDIT_ARCH_X86_64: EM_X86_64 | __AUDIT_ARCH_64BIT | __AUDIT_ARCH_LE. x32 reports it too.</summary>
    public const uint AuditArchX86_64 = 0xC000003E;

    /// <summary>AUDIT_ARCH_I386: EM_386 | __AUDIT_ARCH_LE.</summary>
    public const uint AuditArchI386 = 0x40000003;

    /// <summary>x32 syscall numbers carry this bit; x86_64 ones never do.</summary>
    public const uint X32SyscallBit = 0x40000000;

    /// <summary>
    /// Maps an OCI/libseccomp architecture name to an x86 ABI; other architectures return null because
    /// their syscalls can never reach an x86_64 kernel.
    /// </summary>
    public static SeccompArch? Parse(string name) => name switch
    {
        "SCMP_ARCH_X86_64" => SeccompArch.X86_64,
        "SCMP_ARCH_X86" => SeccompArch.X86,
        "SCMP_ARCH_X32" => SeccompArch.X32,
        "SCMP_ARCH_NATIVE" => SeccompArch.X86_64,
        _ when KnownForeign.Contains(name) => null,
        _ => throw new ArgumentException($"unknown seccomp architecture \"{name}\""),
    };

    private static readonly HashSet<string> KnownForeign =
    [
        "SCMP_ARCH_ARM", "SCMP_ARCH_AARCH64", "SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64", "SCMP_ARCH_MIPS64N32",
        "SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC", "SCMP_ARCH_PPC64",
        "SCMP_ARCH_PPC64LE", "SCMP_ARCH_S390", "SCMP_ARCH_S390X", "SCMP_ARCH_PARISC", "SCMP_ARCH_PARISC64",
        "SCMP_ARCH_RISCV64", "SCMP_ARCH_LOONGARCH64", "SCMP_ARCH_M68K", "SCMP_ARCH_SH", "SCMP_ARCH_SHEB",
    ];
}
