using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Wharf.Runtime.Cgroups;

/// <summary>Steps shared by both cgroup versions: removing a cgroup directory tree and signalling its members.</summary>
internal static class CgroupTree
{
    /// <summary>
    /// Removes <paramref name="dir"/> and any child cgroups, deepest first. A cgroup whose last process is still
    /// exiting answers EBUSY for a moment, so EBUSY is retried until <paramref name="timeout"/>. The common case,
    /// an empty cgroup without children, costs one rmdir.
    /// </summary>
    public static void Remove(string dir, TimeSpan timeout)
    {
        if (TryRmdir(dir, out var errno))
            return;
        if (errno != ErrnoNames.EBUSY)
            throw new SyscallException("rmdir", dir, errno);
        // Busy: child cgroups (removed first) or processes still exiting (waited for).
        foreach (var child in Directory.GetDirectories(dir))
            Remove(child, timeout);

        var clock = Stopwatch.StartNew();
        var delay = 1;
        while (!TryRmdir(dir, out errno))
        {
            if (errno != ErrnoNames.EBUSY || clock.Elapsed > timeout)
                throw new SyscallException("rmdir", dir, errno, RemainingPids(dir));
            Thread.Sleep(delay);
            delay = Math.Min(delay * 2, 50);
        }
    }

    /// <summary>rmdir; true when the directory is gone (removed now or already missing).</summary>
    private static bool TryRmdir(string dir, out int errno)
    {
        errno = 0;
        if (CgroupNative.Rmdir(dir) == 0)
            return true;
        errno = Marshal.GetLastPInvokeError();
        return errno == ErrnoNames.ENOENT;
    }

    /// <summary>Sends <paramref name="signal"/> to each pid; processes that already exited are skipped.</summary>
    public static void Signal(IEnumerable<int> pids, int signal)
    {
        foreach (var pid in pids)
        {
            if (CgroupNative.Kill(pid, signal) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno != ErrnoNames.ESRCH)
                    throw new SyscallException("kill", $"pid {pid}", errno, $"signal {signal}");
            }
        }
    }

    private static string? RemainingPids(string dir)
    {
        try
        {
            var pids = CgroupFile.ReadPids(dir);
            return pids.Count == 0 ? null : "still holds pids " + string.Join(',', pids);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
