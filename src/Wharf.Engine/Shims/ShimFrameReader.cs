using System.Buffers.Binary;
using System.Net.Sockets;

namespace Wharf.Engine.Shims;

/// <summary>Reads the shim's frames (8-byte stdcopy header + payload) until the shim closes the stream.</summary>
public static class ShimFrameReader
{
    public const byte Stdout = 1, Stderr = 2, Error = 3, Exit = 16, Pid = 17;

    public static async IAsyncEnumerable<(byte Type, byte[] Payload)> ReadAsync(Socket socket, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var header = new byte[8];
        while (true)
        {
            if (!await FillAsync(socket, header, ct)) yield break;
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4));
            var payload = new byte[length];
            if (!await FillAsync(socket, payload, ct)) yield break;
            yield return (header[0], payload);
        }
    }

    private static async Task<bool> FillAsync(Socket socket, byte[] buffer, CancellationToken ct)
    {
        int done = 0;
        while (done < buffer.Length)
        {
            int n;
            try { n = await socket.ReceiveAsync(buffer.AsMemory(done), ct); }
            catch (SocketException) { return false; }
            if (n == 0) return false;
            done += n;
        }
        return true;
    }
}
