using System.Globalization;
using System.Runtime.InteropServices;
using Wharf.Runtime.Native;

namespace Wharf.Runtime.Spawn.Fallback;

/// <summary>
/// The supported-API fallback (DESIGN.md): on the spawner's throwaway thread, unshare(2) the namespaces the plan
/// creates, then posix_spawn the NativeAOT second stage (<c>wharf-runtime init-stage</c>, <see cref="InitStage"/>)
/// from that thread, so it is born in them (PID 1 of a new pid namespace); the thread exits afterwards. The second
/// stage receives the same plan over a pipe and runs it with the vfork child's interpreter in its own, ordinary
/// process: no managed code ever runs in a vfork or fork child.
/// </summary>
/// <remarks>
/// User namespaces cannot be entered this way (unshare(CLONE_NEWUSER) needs a single-threaded caller); the
/// runtime refuses them before it gets here (<see cref="Containers.ContainerRuntime"/>'s spawn path check).
/// A thread in a new pid namespace can no longer create threads, so everything that allocates (and could make the
/// runtime start a thread) happens before the unshare; after it, only raw calls, and failures are kept as
/// (call, errno) and turned into an exception by the supervising thread.
/// </remarks>
public sealed unsafe class UnshareStarter(string secondStage) : IChildStarter
{
    public const string InitStageVerb = "init-stage";

    private Exception? _failure;
    private string _failedCall = "", _failedTarget = "";

    /// <summary>The second stage: the wharf-runtime next to this binary (wharf-runtime itself, or the shim's).</summary>
    public static string DefaultSecondStage => Path.Combine(AppContext.BaseDirectory, "wharf-runtime");

    public int Start(SpawnPlan plan, IReadOnlyDictionary<SpawnFd, int> fds, int* parentTid, out int errno)
    {
        int planRead = -1, planWrite = -1;
        PosixSpawn? spawn = null;
        try
        {
            int* ends = stackalloc int[2];
            if (Libc.pipe2(ends, Libc.O_CLOEXEC) != 0)
                throw SyscallException.FromLastError("pipe2", "plan pipe of the second stage");
            (planRead, planWrite) = (ends[0], ends[1]);

            // dup2 targets above every source, so no action overwrites a descriptor a later one still copies.
            var next = Math.Max(planRead, fds.Values.DefaultIfEmpty(0).Max()) + 1;
            var dups = new List<(int From, int To)>();
            var childFds = new Dictionary<SpawnFd, int>();
            foreach (var (which, fd) in fds)
            {
                childFds[which] = fd < 0 ? -1 : next;
                if (fd >= 0) dups.Add((fd, next++));
            }
            var childPlanFd = next;
            dups.Add((planRead, childPlanFd));
            var encoded = PlanCodec.Encode(plan, childFds);
            spawn = new PosixSpawn(secondStage,
                [secondStage, InitStageVerb, Number(childPlanFd), Number(childFds[SpawnFd.Status])], dups);

            fixed (byte* data = encoded)
                return UnshareAndSpawn(plan.CloneFlags, spawn, ref planRead, planWrite, data, encoded.Length, parentTid, out errno);
        }
        catch (Exception e)
        {
            // Thrown on the spawner's thread would end the process: hand it to the supervising thread instead.
            _failure = e;
            errno = e is SyscallException s ? s.Errno : ErrnoNames.EINVAL;
            return -1;
        }
        finally
        {
            spawn?.Dispose();
            if (planRead >= 0) Libc.close(planRead);
            if (planWrite >= 0) Libc.close(planWrite);
        }
    }

    /// <summary>The part after unshare: raw calls only, no allocation, no exception.</summary>
    private int UnshareAndSpawn(ulong namespaces, PosixSpawn spawn, ref int planRead, int planWrite, byte* plan, int length,
        int* parentTid, out int errno)
    {
        if (namespaces != 0 && Libc.unshare((int)namespaces) != 0)
            return Failed("unshare", "namespaces of the --spawn=unshare path", Marshal.GetLastPInvokeError(), -1, out errno);
        errno = spawn.Run(out var pid);
        if (errno != 0)
            return Failed("posix_spawn", secondStage, errno, -1, out errno);
        // The second stage waits for its plan, so the pid is stored before it can send a status record.
        Volatile.Write(ref *parentTid, pid);
        Libc.close(planRead); // the child's copy is the only reader left: a write fails if it died
        planRead = -1;
        for (var done = 0; done < length;)
        {
            var n = Libc.write(planWrite, plan + done, length - done);
            if (n >= 0)
            {
                done += (int)n;
                continue;
            }
            var writeErrno = Marshal.GetLastPInvokeError();
            if (writeErrno == Libc.EINTR) continue;
            Libc.kill(pid, Containers.Signals.SIGKILL);
            int status;
            Libc.waitpid(pid, &status, 0);
            return Failed("write", "plan pipe of the second stage", writeErrno, -1, out errno);
        }
        return pid;
    }

    private int Failed(string call, string target, int error, int result, out int errno)
    {
        (_failedCall, _failedTarget, errno) = (call, target, error);
        return result;
    }

    public Exception Failure(int errno) => _failure ?? new SyscallException(_failedCall, _failedTarget, errno);

    private static string Number(int fd) => fd.ToString(CultureInfo.InvariantCulture);
}
