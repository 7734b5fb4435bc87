using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Wharf.Runtime.Tests.Support;

/// <summary>
/// The receiving end of --console-socket, as a shim has it: accepts one connection and takes the pty master
/// out of its SCM_RIGHTS message with recvmsg(2).
/// </summary>
public sealed partial class ConsoleSocketServer : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);

    public ConsoleSocketServer()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"wharf-console-{Guid.NewGuid():N}.sock");
        _listener.Bind(new UnixDomainSocketEndPoint(Path));
        _listener.Listen(1);
    }

    public string Path { get; }

    /// <summary>Accepts the runtime's connection and returns the received descriptor and the message text.</summary>
    public async Task<(int Fd, string Name)> ReceiveMasterAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        using var connection = await _listener.AcceptAsync(cts.Token);
        return await Task.Run(() => Receive((int)connection.Handle), cts.Token);
    }

    private static unsafe (int, string) Receive(int socket)
    {
        var payload = stackalloc byte[4096];
        var control = stackalloc byte[64];
        long* iov = stackalloc long[2];
        iov[0] = (long)payload;
        iov[1] = 4096;
        long* msg = stackalloc long[7];
        msg[0] = 0; msg[1] = 0; msg[2] = (long)iov; msg[3] = 1; msg[4] = (long)control; msg[5] = 64; msg[6] = 0;
        var n = recvmsg(socket, msg, 0);
        if (n < 0) throw new IOException($"recvmsg: errno {Marshal.GetLastPInvokeError()}");
        var level = *(int*)(control + 8);
        var type = *(int*)(control + 12);
        if (msg[5] < 20 || level != 1 || type != 1) throw new IOException("no SCM_RIGHTS message received");
        return (*(int*)(control + 16), Encoding.UTF8.GetString(payload, (int)n).TrimEnd('\0'));
    }

    /// <summary>Reads the pty master until the slave side is gone (EIO) or the timeout.</summary>
    public static unsafe string ReadAll(int fd, TimeSpan timeout)
    {
        var output = new StringBuilder();
        var buffer = stackalloc byte[4096];
        var deadline = DateTime.UtcNow + timeout;
        var pfd = stackalloc int[2];
        while (DateTime.UtcNow < deadline)
        {
            pfd[0] = fd;
            pfd[1] = 1; // POLLIN
            if (poll(pfd, 1, 100) <= 0) continue;
            var n = read(fd, buffer, 4096);
            if (n <= 0) break;
            output.Append(Encoding.UTF8.GetString(buffer, (int)n));
        }
        return output.ToString();
    }

    public void Dispose()
    {
        _listener.Dispose();
        File.Delete(Path);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial nint recvmsg(int socket, long* msg, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial nint read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int poll(int* fds, nuint count, int timeout);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);
}
