using Wharf.Runtime;

namespace Wharf.Shim;

/// <summary>Lends the shim's fds 0-2 to a child spawned in-process: the runtime's spawn copies the fd table, so the
/// child starts with whatever 0-2 are at that moment. The shim's own 0-2 (/dev/null, the ready pipe, shim.log) are
/// put back afterwards. One spawn at a time; Console streams hold their own dups, made at start-up.</summary>
internal static class StdioRedirect
{
    private static readonly Lock Gate = new();

    public static T While<T>(IReadOnlyList<int> fds, Func<T> spawn)
    {
        lock (Gate)
        {
            var saved = new int[3];
            for (int fd = 0; fd < 3; fd++)
            {
                saved[fd] = ShimNative.fcntl(fd, ShimNative.F_DUPFD_CLOEXEC, 3);
                if (saved[fd] < 0) throw SyscallException.FromLastError("fcntl F_DUPFD_CLOEXEC", $"fd {fd}");
            }
            try
            {
                for (int fd = 0; fd < 3; fd++)
                    if (ShimNative.dup2(fds[fd], fd) < 0) throw SyscallException.FromLastError("dup2", $"fd {fds[fd]} to {fd}");
                return spawn();
            }
            finally
            {
                for (int fd = 0; fd < 3; fd++)
                {
                    ShimNative.dup2(saved[fd], fd);
                    ShimNative.close(saved[fd]);
                }
            }
        }
    }
}
