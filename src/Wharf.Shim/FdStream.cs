using System.Runtime.InteropServices;
using Wharf.Runtime;

namespace Wharf.Shim;

/// <summary>Blocking read/write on a raw fd (the pty master), used from dedicated threads. EIO from a pty master
/// whose slave side closed is the end of the stream.</summary>
internal sealed unsafe class FdStream(int fd) : IDisposable
{
    private int _fd = fd;

    public int Fd => _fd;

    public int Read(Span<byte> buffer)
    {
        fixed (byte* p = buffer)
            while (true)
            {
                nint n = ShimNative.read(_fd, p, buffer.Length);
                if (n >= 0) return (int)n;
                int errno = Marshal.GetLastPInvokeError();
                if (errno == ShimNative.EINTR) continue;
                if (errno == ShimNative.EIO) return 0;
                throw new SyscallException("read", $"fd {_fd}", errno);
            }
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            int done = 0;
            while (done < data.Length)
            {
                nint n = ShimNative.write(_fd, p + done, data.Length - done);
                if (n < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == ShimNative.EINTR) continue;
                    throw new SyscallException("write", $"fd {_fd}", errno);
                }
                done += (int)n;
            }
        }
    }

    public void Dispose()
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0) ShimNative.close(fd);
    }
}
