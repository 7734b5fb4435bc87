using System.Runtime.InteropServices;

namespace Wharf.Runtime.Seccomp;

/// <summary>
/// Installs a compiled filter on the calling thread (and, with SECCOMP_FILTER_FLAG_TSYNC, on every thread of the
/// process). The vfork spawn path does the same two syscalls from its plan; this is for managed callers.
/// </summary>
public static unsafe partial class SeccompInstaller
{
    private const int PR_SET_NO_NEW_PRIVS = 38;
    private const long SYS_seccomp = 317;
    private const uint SECCOMP_SET_MODE_FILTER = 1;

    /// <summary>struct sock_fprog: instruction count and a pointer to the instructions.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SockFprog
    {
        public ushort Length;
        public byte* Filter;
    }

    /// <summary>
    /// Sets no_new_privs (needed without CAP_SYS_ADMIN, and what runc does) and loads <paramref name="program"/>.
    /// Returns the seccomp() result (a listener fd with SECCOMP_FILTER_FLAG_NEW_LISTENER, else 0).
    /// </summary>
    public static int Install(byte[] program, uint flags, bool setNoNewPrivs = true)
    {
        if (program.Length == 0 || program.Length % Bpf.InstructionSize != 0)
            throw new ArgumentException("a seccomp program is a non-empty array of 8-byte instructions", nameof(program));
        if (setNoNewPrivs && Prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
            throw SyscallException.FromLastError("prctl", "PR_SET_NO_NEW_PRIVS");
        fixed (byte* p = program)
        {
            var fprog = new SockFprog { Length = checked((ushort)(program.Length / Bpf.InstructionSize)), Filter = p };
            var result = Syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, (nint)(&fprog));
            if (result < 0)
                throw SyscallException.FromLastError("seccomp", "SECCOMP_SET_MODE_FILTER", $"flags 0x{flags:x}");
            return (int)result;
        }
    }

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int Prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, ulong arg1, ulong arg2, nint arg3);
}
