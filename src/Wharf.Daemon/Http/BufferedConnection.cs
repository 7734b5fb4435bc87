using System.Net.Sockets;
using System.Text;

namespace Wharf.Daemon.Http;

/// <summary>A client connection with a read buffer: HTTP heads are read line by line, and whatever was read past
/// them stays available to the body reader or, after a hijack, to the raw stream.</summary>
public sealed class BufferedConnection : IAsyncDisposable
{
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start, _end;

    public BufferedConnection(Stream stream, Socket socket)
    {
        Stream = stream;
        Socket = socket;
    }

    public Stream Stream { get; }
    public Socket Socket { get; }

    /// <summary>Reads one CRLF (or LF) terminated line in ASCII; null at a clean end of stream.</summary>
    public async ValueTask<string?> ReadLineAsync(CancellationToken ct)
    {
        var line = new StringBuilder();
        while (true)
        {
            if (_start == _end && !await FillAsync(ct)) return line.Length == 0 ? null : throw new IOException("connection closed mid-line");
            int nl = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            int stop = nl < 0 ? _end : nl;
            line.Append(Encoding.Latin1.GetString(_buffer, _start, stop - _start));
            if (line.Length > 64 * 1024) throw new MalformedRequestException("header line too long");
            if (nl < 0) { _start = _end; continue; }
            _start = nl + 1;
            if (line.Length > 0 && line[^1] == '\r') line.Length--;
            return line.ToString();
        }
    }

    /// <summary>Reads up to buffer.Length bytes: the buffered ones first, then from the socket. 0 = end of stream.</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct)
    {
        if (_start < _end)
        {
            int n = Math.Min(buffer.Length, _end - _start);
            _buffer.AsMemory(_start, n).CopyTo(buffer);
            _start += n;
            return n;
        }
        return await Stream.ReadAsync(buffer, ct);
    }

    public bool HasBufferedData => _start < _end;

    private async ValueTask<bool> FillAsync(CancellationToken ct)
    {
        _start = 0;
        _end = await Stream.ReadAsync(_buffer, ct);
        return _end > 0;
    }

    /// <summary>Half-closes our sending side (the peer sees EOF) while it may still send to us.</summary>
    public void ShutdownSend()
    {
        try { Socket.Shutdown(SocketShutdown.Send); } catch (SocketException) { } catch (ObjectDisposedException) { }
    }

    public async ValueTask DisposeAsync()
    {
        try { await Stream.DisposeAsync(); } catch (IOException) { }
        Socket.Dispose();
    }
}
