using System.Runtime.InteropServices;
using Wharf.Runtime.Native;

namespace Wharf.Runtime.Spawn.Fallback;

/// <summary>
/// The second stage of the unshare path, run as <c>wharf-runtime init-stage PLAN-FD STATUS-FD</c> in the namespaces
/// <see cref="UnshareStarter"/> made. It reads the plan and walks it with the vfork child's interpreter
/// (<see cref="ChildMain"/>) on its main thread, in an ordinary process: mounts, pivot_root, devices, masks, sysctl,
/// hostname, rlimits, user, capabilities, no_new_privs, seccomp and the exec fifo are the very same steps, and the
/// status records reach the same supervising code in the runtime. The steps that are per thread (credentials,
/// capabilities, seccomp, namespaces, root and cwd) hold for this thread, which is the one that execs: the kernel
/// ends the runtime's other threads at execve.
/// </summary>
public static unsafe class InitStage
{
    private const int CLONE_FS = 0x200, F_SETFD = 2, FD_CLOEXEC = 1;

    /// <summary>Execs the user's program, or exits: returns only when the plan could not be read.</summary>
    public static int Run(int planFd, int statusFd)
    {
        try
        {
            var (plan, fds) = PlanCodec.Decode(ReadToEnd(planFd));
            // posix_spawn's dup2 cleared close-on-exec: the user's program must not inherit the runtime's pipes.
            foreach (var fd in fds.Values.Where(fd => fd >= 0))
                if (Libc.fcntl(fd, F_SETFD, FD_CLOEXEC) != 0)
                    throw SyscallException.FromLastError("fcntl", $"F_SETFD FD_CLOEXEC on descriptor {fd}");
            // A root and cwd of its own: setns into a mount namespace (exec, namespaces joined by path) refuses a
            // thread that shares them; chdir and umask then concern only the thread that execs.
            if (Libc.unshare(CLONE_FS) != 0)
                throw SyscallException.FromLastError("unshare", "CLONE_FS");
            using var image = new PlanImage(plan, fds);
            delegate* unmanaged<nint, int> run = &ChildMain.Run;
            return run((nint)image.Header); // execve or exit_group: does not come back
        }
        catch (Exception e) when (e is ContainerException or IOException or ArgumentException or InvalidOperationException)
        {
            Console.Error.WriteLine($"wharf-runtime {UnshareStarter.InitStageVerb}: {e.Message}");
            ReportFailure(statusFd, e is SyscallException s ? s.Errno : ErrnoNames.EINVAL);
            return ChildMain.FailureExitCode;
        }
    }

    private static byte[] ReadToEnd(int fd)
    {
        using var stream = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, 0);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>The record the interpreter sends for a failed step (kind Failed, step -1: before the plan ran).</summary>
    private static void ReportFailure(int statusFd, int errno)
    {
        int* record = stackalloc int[3];
        record[0] = (int)ChildStatus.Failed;
        record[1] = -1;
        record[2] = errno;
        Libc.write(statusFd, record, 12);
    }
}
