using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;

namespace Wharf.Distribution.Server.Hosting;

/// <summary>
/// Watches a TCP socket while the kernel sends a file on it, and calls <c>onStall</c> once when the peer has
/// acknowledged no new byte for the timeout: a client that stopped reading. Kestrel's minimum response data rate
/// guards the bytes written through it, not a sendfile. Progress is the connection's <c>tcpi_bytes_acked</c>
/// (TCP_INFO); where the socket has none (not TCP, a kernel before 4.1) nothing is watched.
/// </summary>
internal sealed class StallWatch : IDisposable
{
    private const int IPPROTO_TCP = 6, TCP_INFO = 11;
    private const int BytesAckedOffset = 120; // struct tcp_info: the u64 after the 104 bytes of u8/u32 fields and two u64 pacing rates
    private readonly Socket _socket;
    private readonly Timer? _timer;
    private readonly long _timeoutTicks;
    private readonly Action _onStall;
    private long _lastAcked;
    private long _lastProgress = Stopwatch.GetTimestamp();
    private int _fired;

    public StallWatch(Socket socket, TimeSpan timeout, Action onStall)
    {
        _socket = socket;
        _onStall = onStall;
        _timeoutTicks = (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        if (BytesAcked() is not { } acked) return;
        _lastAcked = acked;
        var period = TimeSpan.FromTicks(Math.Max(timeout.Ticks / 4, TimeSpan.FromMilliseconds(50).Ticks));
        _timer = new Timer(_ => Check(), null, period, period);
    }

    private void Check()
    {
        if (BytesAcked() is not { } acked || Volatile.Read(ref _fired) != 0) return;
        long now = Stopwatch.GetTimestamp();
        if (acked != _lastAcked)
        {
            _lastAcked = acked;
            _lastProgress = now;
        }
        else if (now - _lastProgress >= _timeoutTicks && Interlocked.Exchange(ref _fired, 1) == 0)
        {
            _onStall();
        }
    }

    private long? BytesAcked()
    {
        Span<byte> info = stackalloc byte[256];
        try
        {
            int length = _socket.GetRawSocketOption(IPPROTO_TCP, TCP_INFO, info);
            return length >= BytesAckedOffset + 8 ? (long)BinaryPrimitives.ReadUInt64LittleEndian(info[BytesAckedOffset..]) : null;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { return null; }
    }

    public void Dispose() => _timer?.Dispose();
}
