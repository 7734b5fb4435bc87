using System.Runtime.InteropServices;
using Wharf.Runtime.Native;
using Wharf.Runtime.Native.X64;
using static Wharf.Runtime.Native.X64.X64Register;

namespace Wharf.Runtime.Spawn;

/// <summary>
/// clone3(2) with CLONE_INTO_CGROUP for the vfork-style spawn: the child starts inside a cgroup2 directory, so it
/// never migrates there. A migration through <c>cgroup.procs</c> waits for an RCU grace period (the
/// cgroup_threadgroup_rwsem writer; 9-54 ms measured on this host under load), and cgroup2 has no <c>tasks</c>
/// file to avoid it. The v1 hierarchies of a hybrid host still take the cheap <c>tasks</c> write in the child.
/// </summary>
/// <remarks>
/// glibc exports no clone3 that runs a function on a new stack, and a raw syscall cannot return into managed code
/// on the child's fresh stack, so a few instructions, assembled with <see cref="X64Emitter"/>, do what glibc's clone
/// does: the syscall, then in the child <c>exit(fn(arg))</c> on the stack the kernel switched to; the parent returns
/// the result.
/// </remarks>
internal static unsafe partial class Clone3
{
    private const int EINVAL = 22;
    public const ulong CLONE_INTO_CGROUP = 0x200000000;

    private static readonly Lazy<nint> Stub = new(() => ExecutableCode.Load(AssembleStub(), "clone3 stub"));
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

    /// <summary>long stub(struct clone_args* args, size_t size, int (*fn)(void*), void* arg)</summary>
    internal static byte[] AssembleStub()
    {
        var a = new X64Emitter();
        var parent = a.Label();
        a.Mov(R8, Rdx);                        // fn and arg: syscall keeps r8/r9, and the child inherits them
        a.Mov(R9, Rcx);
        a.MovImmediate(Rax, Sys.Clone3);
        a.Syscall();
        a.Test(Rax, Rax);                      // pid or -errno in the parent, 0 in the child
        a.Jump(X64Condition.NotEqual, parent);
        a.Xor(Rbp, Rbp);                       // child: the outermost frame, on the stack the kernel switched to
        a.Mov(Rdi, R9);
        a.Call(R8);
        a.Mov(Rdi, Rax);                       // exit(fn(arg))
        a.MovImmediate(Rax, Sys.Exit);
        a.Syscall();
        a.Hlt();                               // exit does not return
        a.Bind(parent);
        a.Ret();
        return a.ToArray();
    }

    /// <summary>clone3 with a too-small size answers EINVAL where it exists; ENOSYS or a filter's EPERM where not.</summary>
    private static bool Probe()
        => RuntimeInformation.ProcessArchitecture == Architecture.X64
           && syscall(Sys.Clone3, 0, 0) == -1 && Marshal.GetLastPInvokeError() == EINVAL;

    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number, long a, long b);
}
