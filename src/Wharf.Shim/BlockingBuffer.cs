namespace Wharf.Shim;

/// <summary>Buffers for the threads that block in read/recv for the container's whole life. A blocking call pins its
/// buffer; a pinned array in an ordinary heap region keeps that region (and the garbage of the in-process create
/// around it) committed after a compacting GC, about 2 MB per shim. On the pinned object heap it pins nothing else.</summary>
internal static class BlockingBuffer
{
    public static byte[] Allocate() => GC.AllocateUninitializedArray<byte>(32 * 1024, pinned: true);
}
