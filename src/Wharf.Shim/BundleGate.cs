using System.Text;

namespace Wharf.Shim;

/// <summary>
/// With <c>--await-bundle</c>, wharfd starts the shim before it has mounted the rootfs and written config.json (or
/// before it even has a container: a spare shim kept ready), so the shim's process and runtime start-up overlap
/// that work. wharfd then writes the word <c>create</c> on the shim's stdin when the bundle is complete, optionally
/// followed by more command-line arguments, each after a NUL (a spare learns its container that way), and a newline;
/// or it closes the pipe to call the container off.
/// </summary>
internal static unsafe class BundleGate
{
    private const int MaxLine = 64 * 1024;

    /// <summary>Blocks until wharfd's word on fd 0. The arguments that came with "create" (none for a bare "create");
    /// null for end of file or anything else.</summary>
    public static string[]? Wait()
    {
        var line = new byte[MaxLine];
        var got = 0;
        while (got < line.Length)
        {
            nint n;
            fixed (byte* p = &line[got]) n = ShimNative.read(0, p, line.Length - got);
            if (n < 0 && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == 4 /* EINTR */) continue;
            if (n <= 0) return null;
            got += (int)n;
            if (line.AsSpan(0, got).IndexOf((byte)'\n') is var end and >= 0)
                return Parse(line.AsSpan(0, end));
        }
        return null;
    }

    /// <summary>"create" or "create\0ARG\0ARG…" → the arguments; anything else → null.</summary>
    public static string[]? Parse(ReadOnlySpan<byte> line)
    {
        int nul = line.IndexOf((byte)0);
        if (!line[..(nul < 0 ? line.Length : nul)].SequenceEqual("create"u8)) return null;
        return nul < 0 ? [] : Encoding.UTF8.GetString(line[(nul + 1)..]).Split('\0');
    }
}
