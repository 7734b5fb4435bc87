using System.Buffers.Binary;

namespace Wharf.Shim;

/// <summary>The shim→daemon stream: Docker's 8-byte stdcopy header (type, 0,0,0, big-endian length) and payload.
/// Types 1/2 are stdout/stderr, 3 an error text; 16 carries an exit code and 17 a pid (4 bytes each).</summary>
internal static class ShimFrames
{
    public const byte Stdout = 1, Stderr = 2, Error = 3, Exit = 16, Pid = 17;

    public static byte[] Make(byte type, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[8 + payload.Length];
        frame[0] = type;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)payload.Length);
        payload.CopyTo(frame.AsSpan(8));
        return frame;
    }

    public static byte[] Int(byte type, int value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(b, value);
        return Make(type, b);
    }
}
