using System.Runtime.InteropServices;
using System.Text;

namespace Wharf.Runtime.Native;

/// <summary>
/// Reads the small text files of /proc, /sys and cgroupfs with open, read and close alone. File.ReadAllText costs a
/// FileStream, a StreamReader and their buffers and an flock per file, and reports a missing file by throwing, which
/// costs more than the read (`run` reads /proc/PID/stat after the reap, when it is gone).
/// </summary>
internal static unsafe class KernelFile
{
    /// <summary>The file's text; any failure is a <see cref="SyscallException"/> naming the call and path.</summary>
    public static string Read(string path)
        => ReadOrMissing(path, out var errno) ?? throw new SyscallException("open", path, errno);

    /// <summary>The file's text, or null when it does not exist (ENOENT, ENOTDIR; ESRCH for a vanished process).</summary>
    public static string? TryRead(string path) => ReadOrMissing(path, out _);

    private static string? ReadOrMissing(string path, out int missing)
    {
        missing = 0;
        var fd = Libc.open(path, Libc.O_CLOEXEC /* | O_RDONLY (0) */, 0);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is not (ErrnoNames.ENOENT or ErrnoNames.ENOTDIR or ErrnoNames.ESRCH))
                throw new SyscallException("open", path, errno);
            missing = errno;
            return null;
        }
        try
        {
            // Most of these files are a line or two; mountinfo and memory.stat fit in a few pages.
            var buffer = new byte[4096];
            var length = 0;
            while (true)
            {
                if (length == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
                nint n;
                fixed (byte* p = &buffer[length])
                    n = Libc.read(fd, p, buffer.Length - length);
                if (n < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR) continue;
                if (n < 0) throw SyscallException.FromLastError("read", path);
                if (n == 0) return Encoding.UTF8.GetString(buffer, 0, length);
                length += (int)n;
            }
        }
        finally
        {
            Libc.close(fd);
        }
    }
}
