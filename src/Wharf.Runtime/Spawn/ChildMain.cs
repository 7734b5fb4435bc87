using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Wharf.Runtime.Native;

namespace Wharf.Runtime.Spawn;

/// <summary>
/// The code the vfork child runs. It shares the parent's memory, so it must not allocate, throw, touch statics
/// or call managed methods: it walks the <see cref="ChildHeader"/> plan and only calls libc through the
/// function pointers stored there. Any failure is reported as (step, errno) on the status pipe, then _exit.
/// </summary>
internal static unsafe class ChildMain
{
    public const int FailureExitCode = 127;

    private static int _prepared;

    /// <summary>
    /// Under a JIT, compiles the child's code up front: the child must never trigger compilation, which takes
    /// locks and allocates in the memory it shares with the parent. NativeAOT has nothing to do.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "only runs under a JIT, where nothing is trimmed")]
    public static void Prepare()
    {
        if (!RuntimeFeature.IsDynamicCodeSupported || Interlocked.Exchange(ref _prepared, 1) == 1) return;
        foreach (var name in new[] { nameof(Run), nameof(Report), nameof(SendFd) })
        {
            var method = typeof(ChildMain).GetMethod(name, BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)!;
            RuntimeHelpers.PrepareMethod(method.MethodHandle);
        }
    }

    [UnmanagedCallersOnly]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Run(nint argument)
    {
        var plan = (ChildHeader*)argument;
        var sys = plan->Syscall;
        long* args = stackalloc long[6];
        for (var i = 0; i < plan->Count; i++)
        {
            var step = &plan->Steps[i];
            for (var a = 0; a < 6; a++)
                args[a] = step->ArgRegister[a] >= 0 ? plan->Registers[step->ArgRegister[a]] : step->Args[a];

            long result;
            var errno = 0;
            switch (step->Op)
            {
                case 0: // Syscall
                    result = step->Blocking != 0
                        ? plan->BlockingSyscall(step->Nr, args[0], args[1], args[2], args[3], args[4], args[5])
                        : sys(step->Nr, args[0], args[1], args[2], args[3], args[4], args[5]);
                    if (result == -1) errno = *plan->ErrnoLocation();
                    break;
                case 1: // Notify
                    result = Report(plan, (int)args[0], i, 0);
                    if (result == -1) errno = *plan->ErrnoLocation();
                    break;
                case 2: // WaitParent
                    {
                        byte go = 0;
                        do result = plan->BlockingSyscall(Sys.Read, plan->SyncFd, (long)&go, 1, 0, 0, 0);
                        while (result == -1 && *plan->ErrnoLocation() == 4); // EINTR
                        if (result == -1) errno = *plan->ErrnoLocation();
                        else if (result == 0) errno = 32; // EPIPE: the parent went away
                        break;
                    }
                case 3: // FindExecutable
                    {
                        var candidates = (byte**)args[0];
                        result = -1;
                        errno = 2; // ENOENT
                        for (var c = 0; candidates[c] != null; c++)
                        {
                            var r = sys(Sys.Faccessat, Flags.AT_FDCWD, (long)candidates[c], 1 /* X_OK */, 0, 0, 0);
                            if (r == 0)
                            {
                                result = (long)candidates[c];
                                errno = 0;
                                break;
                            }
                            var e = *plan->ErrnoLocation();
                            if (e != 2 && e != 20) errno = e; // remember EACCES and the like over ENOENT/ENOTDIR
                        }
                        break;
                    }
                case 4: // SendFd
                    result = SendFd(sys, (int)args[0], (int)args[1], (byte*)args[2]);
                    if (result == -1) errno = *plan->ErrnoLocation();
                    break;
                case 5: // WriteFile
                    {
                        result = sys(Sys.Open, args[0], Flags.O_WRONLY | Flags.O_CLOEXEC, 0, 0, 0, 0);
                        if (result == -1)
                        {
                            errno = *plan->ErrnoLocation();
                            break;
                        }
                        var fd = result;
                        result = sys(Sys.Write, fd, args[1], args[2], 0, 0, 0);
                        if (result == -1) errno = *plan->ErrnoLocation();
                        sys(Sys.Close, fd, 0, 0, 0, 0, 0);
                        break;
                    }
                default:
                    result = -1;
                    errno = 22; // EINVAL
                    break;
            }

            if (errno != 0)
            {
                if (errno == step->IgnoreErrno)
                {
                    i += step->SkipOnIgnore;
                    continue;
                }
                if (errno == step->FallbackErrno)
                    continue; // the next step is the alternative
                Report(plan, 2, i, errno);
                // exit_group: in the single-threaded vfork child the same as exit; in the multi-threaded second
                // stage of the unshare path (Fallback/InitStage) the one exit that leaves no runtime thread behind.
                sys(Sys.ExitGroup, FailureExitCode, 0, 0, 0, 0, 0);
            }

            if (step->StoreIn >= 0)
                plan->Registers[step->StoreIn] = result;
            i += step->SkipOnSuccess;
        }

        sys(Sys.ExitGroup, FailureExitCode, 0, 0, 0, 0, 0);
        return FailureExitCode;
    }

    /// <summary>Writes one 12-byte record (kind, step, errno) on the status pipe.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // never minopts: its unmanaged call must be inline, not a stub built on first use
    private static long Report(ChildHeader* plan, int kind, int step, int errno)
    {
        int* record = stackalloc int[3];
        record[0] = kind;
        record[1] = step;
        record[2] = errno;
        return plan->Syscall(Sys.Write, plan->StatusFd, (long)record, 12, 0, 0, 0);
    }

    /// <summary>sendmsg with one SCM_RIGHTS descriptor and a NUL-terminated payload, the way runc passes a pty master.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long SendFd(delegate* unmanaged[SuppressGCTransition]<long, long, long, long, long, long, long, long> sys,
        int socket, int fd, byte* payload)
    {
        long length = 0;
        while (payload[length] != 0) length++;
        // struct iovec { void* base; size_t len; }
        long* iov = stackalloc long[2];
        iov[0] = (long)payload;
        iov[1] = length;
        // struct cmsghdr { size_t len; int level; int type; } + int fd, padded to 8: CMSG_SPACE(4) = 24
        byte* control = stackalloc byte[24];
        for (var b = 0; b < 24; b++) control[b] = 0;
        *(long*)control = 20;            // CMSG_LEN(sizeof(int))
        *(int*)(control + 8) = 1;        // SOL_SOCKET
        *(int*)(control + 12) = 1;       // SCM_RIGHTS
        *(int*)(control + 16) = fd;
        // struct msghdr { name, namelen, iov, iovlen, control, controllen, flags }
        long* msg = stackalloc long[7];
        msg[0] = 0;
        msg[1] = 0;
        msg[2] = (long)iov;
        msg[3] = 1;
        msg[4] = (long)control;
        msg[5] = 24;
        msg[6] = 0;
        return sys(Sys.Sendmsg, socket, (long)msg, 0, 0, 0, 0);
    }
}
