using System.Runtime.InteropServices;

namespace Wharf.Runtime.Native;

/// <summary>The libc entry points the runtime's parent side calls directly (the child uses <see cref="ChildCalls"/>).</summary>
internal static unsafe partial class Libc
{
    /// <summary>glibc clone(fn, stack, flags, arg, ptid, tls, ctid): the vfork-style spawn primitive.</summary>
    [LibraryImport("libc", SetLastError = true)]
    internal static partial int clone(delegate* unmanaged<nint, int> fn, void* stack, int flags, nint arg,
        int* parentTid, nint tls, int* childTid);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int pipe2(int* fds, int flags);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial nint read(int fd, void* buf, nint count);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial nint write(int fd, void* buf, nint count);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int open(string path, int flags, int mode);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int fcntl(int fd, int cmd, int arg);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int setns(int fd, int nstype);

    /// <summary>unshare(2): the unshare spawn path's throwaway thread and second stage (Spawn/Fallback).</summary>
    [LibraryImport("libc", SetLastError = true)]
    internal static partial int unshare(int flags);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int waitpid(int pid, int* status, int options);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int kill(int pid, int signal);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int mkfifo(string path, int mode);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int mkdir(string path, int mode);

    internal const int F_DUPFD_CLOEXEC = 1030, O_CLOEXEC = 0x80000, O_NONBLOCK = 0x800, WNOHANG = 1, EINTR = 4,
        POLLIN = 1;

    [StructLayout(LayoutKind.Sequential)]
    internal struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }
}
