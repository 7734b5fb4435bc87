using System.Runtime.InteropServices;
using Wharf.Runtime.Cgroups;
using Wharf.Runtime.Native;

namespace Wharf.Runtime.Containers;

public sealed partial class ContainerRuntime
{
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(10);

    /// <summary>`kill ID [SIGNAL] [--all]`: signal the init, or with --all every process in its cgroup.</summary>
    public void Kill(string id, int signal, bool all)
    {
        var record = Store.Load(id);
        var status = Status(record);
        if (status == "stopped")
            throw new ContainerException("container not running");
        if (all)
        {
            var cgroup = OpenCgroup(record.CgroupsPath);
            cgroup.KillAll(signal);
            return;
        }
        if (Libc.kill(record.Pid, signal) != 0)
            throw SyscallException.FromLastError("kill", $"pid {record.Pid}");
    }

    /// <summary>`delete [--force] ID`: remove a stopped (or created) container; --force kills a running one first.</summary>
    public void Delete(string id, bool force) => Delete(Store.Load(id), force);

    /// <summary>Delete for a caller that holds the record already (`run` deletes the container it made).</summary>
    public void Delete(ContainerRecord record, bool force)
    {
        var id = record.Id;
        var status = Status(record);
        if (status is "running" or "paused" && !force)
            throw new ContainerException($"cannot delete container {id} that is not stopped: {status}");
        var cgroup = OpenCgroup(record.CgroupsPath);
        if (status != "stopped")
            KillAndWait(record, cgroup);
        cgroup.Destroy();
        try
        {
            HookRunner.Run("poststop", record.Config.Hooks?.Poststop, OciState(record, "stopped", 0));
        }
        catch (ContainerException e)
        {
            Console.Error.WriteLine($"warning: {e.Message}");
        }
        Store.Remove(id);
    }

    private static void KillAndWait(ContainerRecord record, CgroupManager cgroup)
    {
        try
        {
            cgroup.KillAll(Signals.SIGKILL);
        }
        catch (IOException)
        {
            // The init alone still gets its SIGKILL below.
        }
        Libc.kill(record.Pid, Signals.SIGKILL);
        var deadline = DateTime.UtcNow + KillWait;
        while (ProcessProbe.IsAlive(record.Pid, record.PidStartTime) || cgroup.Pids().Count > 0)
        {
            if (DateTime.UtcNow > deadline)
                throw new ContainerException($"container {record.Id}: processes still alive {KillWait.TotalSeconds}s after SIGKILL");
            Thread.Sleep(5);
        }
    }

    public void Pause(string id)
    {
        var record = Store.Load(id);
        var status = Status(record);
        if (status != "running")
            throw new ContainerException($"cannot pause a container that is {status}" + (status == "paused" ? "" : ": container not running"));
        OpenCgroup(record.CgroupsPath).Freeze();
    }

    public void Resume(string id)
    {
        var record = Store.Load(id);
        if (Status(record) != "paused")
            throw new ContainerException("container not paused");
        OpenCgroup(record.CgroupsPath).Thaw();
    }

    /// <summary>Pids of every process in the container's cgroup.</summary>
    public IReadOnlyList<int> Pids(string id)
    {
        var record = Store.Load(id);
        return OpenCgroup(record.CgroupsPath).Pids();
    }

    public IReadOnlyList<RuntimeStateView> List()
        => Store.Ids().Select(id =>
        {
            try
            {
                return View(Store.Load(id));
            }
            catch (ContainerException)
            {
                return null; // deleted meanwhile
            }
        }).OfType<RuntimeStateView>().ToList();

    /// <summary>Waits for a child process of ours (run, exec) and returns its status the shell's way: 128+N if signalled.</summary>
    public static unsafe int Wait(int pid)
    {
        int status;
        while (Libc.waitpid(pid, &status, 0) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != Libc.EINTR) throw new SyscallException("waitpid", pid.ToString(), errno);
        }
        var signal = status & 0x7f;
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal;
    }
}
