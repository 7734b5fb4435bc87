using System.Globalization;
using System.Runtime.InteropServices;
using Wharf.Runtime.Native;
using Wharf.Runtime.Setup;

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
/// </remarks>
public sealed unsafe class UnshareStarter(string secondStage) : IChildStarter
{
    public const string InitStageVerb = "init-stage";

    private Exception? _failure;

    /// <summary>The second stage: the wharf-runtime next to this binary (wharf-runtime itself, or the shim's).</summary>
    public static string DefaultSecondStage => Path.Combine(AppContext.BaseDirectory, "wharf-runtime");

    public int Start(SpawnPlan plan, IReadOnlyDictionary<SpawnFd, int> fds, int* parentTid, out int errno)
    {
        int planRead = -1, planWrite = -1, pid = -1;
        try
        {
            if (plan.CloneFlags != 0 && Libc.unshare((int)plan.CloneFlags) != 0)
                throw SyscallException.FromLastError("unshare", $"flags 0x{plan.CloneFlags:x} (the --spawn=unshare path)");
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

            pid = PosixSpawn.Start(secondStage,
                [secondStage, InitStageVerb, Number(childPlanFd), Number(childFds[SpawnFd.Status])], dups);
            // The second stage waits for its plan, so the pid is stored before it can send a status record.
            Volatile.Write(ref *parentTid, pid);
            Libc.close(planRead);
            planRead = -1;
            WriteAll(planWrite, encoded);
            errno = 0;
            return pid;
        }
        catch (Exception e)
        {
            // Thrown on the spawner's thread would end the process: hand it to the supervising thread instead.
            _failure = e;
            errno = e is SyscallException s ? s.Errno : ErrnoNames.EINVAL;
            if (pid > 0)
            {
                Libc.kill(pid, Containers.Signals.SIGKILL);
                int status;
                Libc.waitpid(pid, &status, 0);
            }
            return -1;
        }
        finally
        {
            if (planRead >= 0) Libc.close(planRead);
            if (planWrite >= 0) Libc.close(planWrite);
        }
    }

    public Exception Failure(int errno) => _failure ?? new SyscallException("posix_spawn", secondStage, errno);

    private static string Number(int fd) => fd.ToString(CultureInfo.InvariantCulture);

    private static void WriteAll(int fd, byte[] data)
    {
        fixed (byte* start = data)
        {
            for (var done = 0; done < data.Length;)
            {
                var n = Libc.write(fd, start + done, data.Length - done);
                if (n < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR) continue;
                if (n < 0) throw SyscallException.FromLastError("write", "plan pipe of the second stage");
                done += (int)n;
            }
        }
    }
}
