using System.Runtime.InteropServices;

namespace Wharf.Cli.Terminal;

/// <summary>
/// A stream over an inherited file descriptor using plain read(2)/write(2). Not FileStream: on a redirected
/// regular file it writes at its own offset (pwrite) and would overwrite what others append to the same file.
/// Not System.Console: it switches the terminal into keypad mode as soon as it touches a tty.
/// </summary>
public sealed partial class FdStream(int fd, bool readable) : Stream
{
    private const int EINTR = 4;
    private const int EAGAIN = 11;

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial nint read(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial nint write(int fd, byte* buffer, nuint count);

    public override bool CanRead => readable;
    public override bool CanWrite => !readable;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override unsafe int Read(Span<byte> buffer)
    {
        if (buffer.Length == 0) return 0;
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var n = read(fd, p, (nuint)buffer.Length);
                if (n >= 0) return (int)n;
                var errno = Marshal.GetLastPInvokeError();
                if (errno == EINTR) continue;
                if (errno == EAGAIN) { Thread.Sleep(5); continue; } // a non-blocking fd inherited from the shell
                throw new SyscallException("read", $"fd {fd}", errno);
            }
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <summary>read(2) blocks; it runs on a pool thread so output keeps flowing meanwhile.</summary>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
        new(Task.Run(() => Read(buffer.Span), ct));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override unsafe void Write(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            var p = start;
            var left = buffer.Length;
            while (left > 0)
            {
                var n = write(fd, p, (nuint)left);
                if (n < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == EINTR) continue;
                    if (errno == EAGAIN) { Thread.Sleep(1); continue; }
                    throw new SyscallException("write", $"fd {fd}", errno);
                }
                p += n;
                left -= (int)n;
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void Flush() { }

    public override Task FlushAsync(CancellationToken ct) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
