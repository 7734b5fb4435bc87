using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Wharf.Distribution.Server.Storage;

/// <summary>
/// Pinned buffers whose first byte sits on a 4 KiB boundary, as <c>O_DIRECT</c> writes need: an upload
/// that fills one of these hands it to the disk without the kernel copying it into the page cache.
/// Buffers are reused; at most <see cref="MaxPooled"/> are kept when idle.
/// </summary>
internal sealed class AlignedBufferPool
{
    public const int Alignment = 4096;
    private const int MaxPooled = 64;
    private readonly ConcurrentQueue<Buffer> _free = new();
    private int _freeCount;

    public AlignedBufferPool(int bufferSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bufferSize);
        if (bufferSize % Alignment != 0) throw new ArgumentException($"buffer size {bufferSize} is not a multiple of {Alignment}", nameof(bufferSize));
        BufferSize = bufferSize;
    }

    /// <summary>The pool the registry's uploads share: 1 MiB per write, the piece an upload hashes and stores at once.</summary>
    public static AlignedBufferPool Shared { get; } = new(1 << 20);

    public int BufferSize { get; }

    public IMemoryOwner<byte> Rent()
    {
        if (_free.TryDequeue(out var buffer))
        {
            Interlocked.Decrement(ref _freeCount);
            return buffer;
        }
        return new Buffer(this);
    }

    public static unsafe bool IsAligned(ReadOnlySpan<byte> span) =>
        (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(span)) % Alignment == 0;

    private void Return(Buffer buffer)
    {
        if (Interlocked.Increment(ref _freeCount) <= MaxPooled) _free.Enqueue(buffer);
        else Interlocked.Decrement(ref _freeCount); // left to the GC
    }

    private sealed class Buffer : IMemoryOwner<byte>
    {
        private readonly AlignedBufferPool _pool;

        public Buffer(AlignedBufferPool pool)
        {
            _pool = pool;
            // One spare alignment unit, then start at the first 4 KiB boundary inside the pinned array.
            var array = GC.AllocateUninitializedArray<byte>(pool.BufferSize + Alignment, pinned: true);
            int skew = (int)(AddressOf(array) % Alignment);
            Memory = MemoryMarshal.CreateFromPinnedArray(array, skew == 0 ? 0 : Alignment - skew, pool.BufferSize);
        }

        public Memory<byte> Memory { get; }

        public void Dispose() => _pool.Return(this);

        private static unsafe nuint AddressOf(byte[] pinned) => (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));
    }
}
