namespace Wharf.Shim;

/// <summary>
/// With <c>--await-bundle</c>, wharfd starts the shim before it has mounted the rootfs and written config.json,
/// so the shim's process and runtime start-up overlap that work. wharfd then writes "create\n" on the shim's
/// stdin when the bundle is complete, or closes the pipe to call the container off.
/// </summary>
internal static unsafe class BundleGate
{
    /// <summary>Blocks until wharfd's word on fd 0; true for "create", false for end of file or anything else.</summary>
    public static bool Wait()
    {
        Span<byte> line = stackalloc byte[16];
        var got = 0;
        while (got < line.Length)
        {
            nint n;
            fixed (byte* p = &line[got]) n = ShimNative.read(0, p, line.Length - got);
            if (n < 0 && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == 4 /* EINTR */) continue;
            if (n <= 0) return false;
            got += (int)n;
            if (line[..got].IndexOf((byte)'\n') is var end and >= 0)
                return line[..end].SequenceEqual("create"u8);
        }
        return false;
    }
}
