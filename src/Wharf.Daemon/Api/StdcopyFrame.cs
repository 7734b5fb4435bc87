using System.Buffers.Binary;

namespace Wharf.Daemon.Api;

/// <summary>Docker's multiplexed stream frame: [type,0,0,0, big-endian length] + payload.</summary>
public static class StdcopyFrame
{
    public static byte[] Make(byte type, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[8 + payload.Length];
        frame[0] = type;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)payload.Length);
        payload.CopyTo(frame.AsSpan(8));
        return frame;
    }
}
