using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Connections;

namespace Wharf.Distribution.Server.Hosting;

/// <summary>
/// Kestrel's socket transport receives into one pool block per recv(2). The default pool's blocks are
/// 4 KiB, so a 100 MB layer upload costs some 25,000 receives, each with a pipe flush and a wake-up of
/// the request body reader; with 64 KiB blocks it is 16 times fewer. Blocks are pinned (sockets pin
/// what they receive into) and reused; at most <see cref="MaxPooledBlocks"/> are kept when idle.
/// </summary>
internal sealed class LargeBlockMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 64 * 1024;
    private const int MaxPooledBlocks = 512; // 32 MiB
    private readonly ConcurrentQueue<Block> _free = new();
    private int _freeCount;

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        if (_free.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _freeCount);
            return block;
        }
        return new Block(this);
    }

    private void Return(Block block)
    {
        if (Interlocked.Increment(ref _freeCount) <= MaxPooledBlocks) _free.Enqueue(block);
        else Interlocked.Decrement(ref _freeCount); // left to the GC
    }

    protected override void Dispose(bool disposing) => _free.Clear();

    private sealed class Block(LargeBlockMemoryPool pool) : IMemoryOwner<byte>
    {
        public Memory<byte> Memory { get; } = MemoryMarshal.CreateFromPinnedArray(GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true), 0, BlockSize);

        public void Dispose() => pool.Return(this);
    }
}

/// <summary>Hands Kestrel a <see cref="LargeBlockMemoryPool"/> wherever it asks the service container for a pool.</summary>
internal sealed class LargeBlockMemoryPoolFactory : IMemoryPoolFactory<byte>
{
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new LargeBlockMemoryPool();
}
