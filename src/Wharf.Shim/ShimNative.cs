using System.Runtime.InteropServices;
using Wharf.Runtime;

namespace Wharf.Shim;

/// <summary>The few libc calls the shim needs: session, subreaper, waiting for children, fd passing, pty size.</summary>
internal static unsafe partial class ShimNative
{
    [LibraryImport("libc", SetLastError = true)] internal static partial int setsid();
    [LibraryImport("libc", SetLastError = true)] internal static partial int prctl(int option, nint arg2, nint arg3, nint arg4, nint arg5);
    [LibraryImport("libc", SetLastError = true)] internal static partial int waitpid(int pid, int* status, int options);
    [LibraryImport("libc", SetLastError = true)] internal static partial int dup2(int oldFd, int newFd);
    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)] internal static partial int open(string path, int flags, int mode);
    [LibraryImport("libc", SetLastError = true)] internal static partial int close(int fd);
    [LibraryImport("libc", SetLastError = true)] internal static partial nint read(int fd, byte* buf, nint count);
    [LibraryImport("libc", SetLastError = true)] internal static partial nint write(int fd, byte* buf, nint count);
    [LibraryImport("libc", SetLastError = true)] internal static partial nint recvmsg(int fd, MsgHdr* msg, int flags);
    [LibraryImport("libc", SetLastError = true)] internal static partial int ioctl(int fd, nuint request, WinSize* size);
    [LibraryImport("libc", SetLastError = true)] internal static partial int kill(int pid, int sig);
    [LibraryImport("libc", SetLastError = true)] internal static partial int sigprocmask(int how, ulong* set, ulong* old);
    [LibraryImport("libc", SetLastError = true)] internal static partial int pipe2(int* fds, int flags);
    [LibraryImport("libc", SetLastError = true)] internal static partial int fcntl(int fd, int cmd, int arg);

    internal const int PR_SET_CHILD_SUBREAPER = 36, O_RDWR = 2, O_WRONLY = 1, O_CREAT = 0x40, O_APPEND = 0x400,
        O_CLOEXEC = 0x80000, F_DUPFD_CLOEXEC = 1030, EINTR = 4, EIO = 5, ECHILD = 10, SCM_RIGHTS = 1, SOL_SOCKET = 1;
    internal const nuint TIOCSWINSZ = 0x5414;

    [StructLayout(LayoutKind.Sequential)]
    internal struct WinSize { public ushort Rows, Cols, XPixel, YPixel; }

    [StructLayout(LayoutKind.Sequential)]
    internal struct IoVec { public void* Base; public nuint Len; }

    [StructLayout(LayoutKind.Sequential)]
    internal struct MsgHdr
    {
        public void* Name; public uint NameLen; public IoVec* Iov; public nuint IovLen;
        public void* Control; public nuint ControlLen; public int Flags;
    }

    /// <summary>Blocks until <paramref name="pid"/> ends; returns its exit code in Docker's form (128+signal if killed).</summary>
    internal static int WaitForExit(int pid)
    {
        int status;
        while (waitpid(pid, &status, 0) < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == EINTR) continue;
            throw new SyscallException("waitpid", pid.ToString(), errno);
        }
        int sig = status & 0x7f;
        return sig == 0 ? (status >> 8) & 0xff : 128 + sig;
    }

    internal static void Resize(int fd, int rows, int cols)
    {
        var ws = new WinSize { Rows = (ushort)rows, Cols = (ushort)cols };
        if (ioctl(fd, TIOCSWINSZ, &ws) < 0) throw SyscallException.FromLastError("ioctl TIOCSWINSZ", $"fd {fd}");
    }
}
