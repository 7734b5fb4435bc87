using System.Runtime.InteropServices;

namespace Wharf.Runtime.Spawn;

/// <summary>
/// clone3(2) with CLONE_INTO_CGROUP for the vfork-style spawn: the child starts inside a cgroup2 directory, so it
/// never migrates there. A migration through <c>cgroup.procs</c> waits for an RCU grace period (the
/// cgroup_threadgroup_rwsem writer; 9-54 ms measured on this host under load), and cgroup2 has no <c>tasks</c>
/// file to avoid it. The v1 hierarchies of a hybrid host still take the cheap <c>tasks</c> write in the child.
/// </summary>
/// <remarks>
/// glibc exports no clone3 that runs a function on a new stack, and a raw syscall cannot return into managed code
/// on the child's fresh stack, so a few bytes of x86-64 code do what glibc's clone does: the syscall, then in the
/// child <c>exit(fn(arg))</c> on the stack the kernel switched to; the parent returns the result.
/// </remarks>
internal static unsafe partial class Clone3
{
    private const int SysClone3 = 435, EINVAL = 22;
    public const ulong CLONE_INTO_CGROUP = 0x200000000;

    // long stub(struct clone_args* args, size_t size, int (*fn)(void*), void* arg)
    private static readonly byte[] StubCode =
    [
        0x49, 0x89, 0xD0,             // mov r8, rdx        fn (syscall keeps r8/r9, the child inherits them)
        0x49, 0x89, 0xC9,             // mov r9, rcx        arg
        0xB8, 0xB3, 0x01, 0x00, 0x00, // mov eax, 435       clone3
        0x0F, 0x05,                   // syscall
        0x48, 0x85, 0xC0,             // test rax, rax
        0x75, 0x12,                   // jnz parent         pid or -errno
        0x31, 0xED,                   // xor ebp, ebp       child: outermost frame
        0x4C, 0x89, 0xCF,             // mov rdi, r9
        0x41, 0xFF, 0xD0,             // call r8
        0x89, 0xC7,                   // mov edi, eax
        0xB8, 0x3C, 0x00, 0x00, 0x00, // mov eax, 60        exit
        0x0F, 0x05,                   // syscall
        0xF4,                         // hlt                (not reached)
        0xC3,                         // parent: ret
    ];

    private static readonly Lazy<nint> Stub = new(EmitStub);
    private static readonly Lazy<bool> Supported = new(Probe);

    /// <summary>True when this kernel has clone3 and nothing (a seccomp filter) hides it; x86-64 only.</summary>
    public static bool IsSupported => Supported.Value;

    [StructLayout(LayoutKind.Sequential)]
    private struct CloneArgs
    {
        public ulong Flags, PidFd, ChildTid, ParentTid, ExitSignal, Stack, StackSize, Tls, SetTid, SetTidSize, Cgroup;
    }

    /// <summary>
    /// Runs <paramref name="fn"/>(<paramref name="arg"/>) in a child on [<paramref name="stack"/>, +size), started in
    /// the cgroup2 directory <paramref name="cgroupFd"/>. Returns the pid, or -1 with the errno in
    /// <paramref name="errno"/>. <paramref name="flags"/> must not hold an exit signal (it is its own field).
    /// </summary>
    public static int Spawn(delegate* unmanaged<nint, int> fn, void* stack, nint stackSize, ulong flags, int exitSignal,
        nint arg, int* parentTid, int cgroupFd, out int errno)
    {
        var args = new CloneArgs
        {
            Flags = flags | CLONE_INTO_CGROUP, ParentTid = (ulong)parentTid, ExitSignal = (ulong)exitSignal,
            Stack = (ulong)stack, StackSize = (ulong)stackSize, Cgroup = (ulong)cgroupFd,
        };
        var call = (delegate* unmanaged<CloneArgs*, nuint, delegate* unmanaged<nint, int>, nint, long>)Stub.Value;
        var result = call(&args, (nuint)sizeof(CloneArgs), fn, arg);
        errno = result < 0 ? (int)-result : 0;
        return result < 0 ? -1 : (int)result;
    }

    private static nint EmitStub()
    {
        const int ProtRead = 1, ProtWrite = 2, ProtExec = 4, MapPrivate = 2, MapAnonymous = 0x20;
        var page = mmap(0, 4096, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
        if (page == -1)
            throw SyscallException.FromLastError("mmap", "clone3 stub");
        Marshal.Copy(StubCode, 0, page, StubCode.Length);
        if (mprotect(page, 4096, ProtRead | ProtExec) != 0)
            throw SyscallException.FromLastError("mprotect", "clone3 stub");
        return page;
    }

    /// <summary>clone3 with a too-small size answers EINVAL where it exists; ENOSYS or a filter's EPERM where not.</summary>
    private static bool Probe()
        => RuntimeInformation.ProcessArchitecture == Architecture.X64
           && syscall(SysClone3, 0, 0) == -1 && Marshal.GetLastPInvokeError() == EINVAL;

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint mmap(nint addr, nuint length, int prot, int flags, int fd, nint offset);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int mprotect(nint addr, nuint length, int prot);

    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number, long a, long b);
}
