using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace Wharf.Distribution.Server.Storage;

/// <summary>
/// Appends to a file with <c>O_DIRECT</c>: whole 4 KiB blocks go from the caller's buffer to the disk,
/// without the kernel copying them into the page cache (most of a large push's CPU before). Direct writes
/// need an aligned address, length and offset, so:
/// <list type="bullet">
/// <item>an aligned buffer at an aligned size is written as it is, all but its last partial block;</item>
/// <item>anything else goes through an aligned staging buffer that starts at the block holding the end of the file;</item>
/// <item>the partial block at the end is also written through the page cache after every append, so the file always
/// holds exactly the bytes appended (an upload's size is its file's size, and survives a restart); the next
/// append rewrites that block directly, and the kernel writes back and drops the cached copy first.</item>
/// </list>
/// Durability is unchanged: fdatasync at commit covers both kinds of write and the file's size.
/// <para>A blob just pushed is usually pulled soon, so what was written directly is read back into the page
/// cache by readahead while the upload goes on, every few megabytes: the disk's DMA fills those pages,
/// which costs far less CPU than the copy a cached write makes, and a pull right after the push is served
/// from memory instead of waiting on the disk.</para>
/// </summary>
internal sealed class DirectFileWriter : IStorageWriter
{
    private const int Block = AlignedBufferPool.Alignment;
    private const long ReadBackStep = 8 << 20;
    // The kernel reads ahead at most max(its readahead window, the device's largest request) per call:
    // asking in pieces no larger than a common device's request keeps every piece whole.
    private const long ReadBackPiece = 512 << 10;
    private readonly SafeFileHandle _direct;
    private readonly string _path;
    private SafeFileHandle? _buffered; // for the partial last block, opened when first needed
    private IMemoryOwner<byte>? _staging;
    private long _blockStart; // where the block holding the end of the file starts (a multiple of Block)
    private int _tailLength; // bytes of that block already in the file (0 when the size is aligned)
    private bool _tailStaged; // whether _staging holds those bytes
    private long _readBackFrom; // direct-written bytes before this are (being) read back into the page cache
    private bool _directRefused; // the file system refused a direct write: the rest goes through the page cache
    private readonly RollingSync _sync;

    private DirectFileWriter(SafeFileHandle direct, string path, long size)
    {
        _direct = direct;
        _path = path;
        _blockStart = size / Block * Block;
        _tailLength = (int)(size - _blockStart);
        _readBackFrom = _blockStart;
        _sync = new RollingSync(direct, path, size);
    }

    /// <summary>A direct writer, or null when the file system does not do O_DIRECT (the caller falls back to the page cache).</summary>
    public static DirectFileWriter? TryOpen(string path, bool append)
    {
        var handle = DirectIo.TryOpenForWrite(path, append);
        if (handle is null) return null;
        try { return new DirectFileWriter(handle, path, append ? RandomAccess.GetLength(handle) : 0); }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public long Size => _blockStart + _tailLength;

    public ValueTask AppendAsync(ReadOnlyMemory<byte> data, CancellationToken ct = default)
    {
        // Written inline: the thread waits for the disk, but no CPU copies the bytes.
        Append(data.Span);
        _sync.Wrote(Size);
        return ValueTask.CompletedTask;
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return;
        if (_tailLength == 0 && AlignedBufferPool.IsAligned(data))
        {
            int whole = data.Length / Block * Block;
            if (whole > 0)
            {
                WriteBlocks(data[..whole]);
                data = data[whole..];
            }
        }
        if (data.IsEmpty) return;

        var staging = Staging();
        while (!data.IsEmpty)
        {
            int n = Math.Min(data.Length, staging.Length - _tailLength);
            data[..n].CopyTo(staging[_tailLength..]);
            data = data[n..];
            _tailLength += n;
            int whole = _tailLength / Block * Block;
            if (whole == 0) continue;
            WriteBlocks(staging[..whole]);
            _tailLength -= whole;
            staging.Slice(whole, _tailLength).CopyTo(staging);
        }
        if (_tailLength > 0) WriteTail(staging[.._tailLength]);
    }

    /// <summary>Writes whole blocks at <see cref="_blockStart"/> and moves it past them.</summary>
    private void WriteBlocks(ReadOnlySpan<byte> blocks)
    {
        if (!_directRefused)
        {
            try
            {
                DirectIo.WriteAligned(_direct, _path, blocks, _blockStart);
                _blockStart += blocks.Length;
                ReadBack(ReadBackStep);
                return;
            }
            // A file system can accept O_DIRECT at open and refuse the write itself (some FUSE and network
            // file systems, a device whose blocks are larger than 4 KiB). Nothing was written: this writer
            // goes through the page cache from here on.
            catch (Wharf.Images.Native.SyscallException e) when (e.Errno == DirectIo.EINVAL) { _directRefused = true; }
        }
        RandomAccess.Write(Buffered(), blocks, _blockStart);
        _blockStart += blocks.Length;
    }

    /// <summary>The staging buffer, holding the bytes of the file's partial last block (read back once after a reopen).</summary>
    private Span<byte> Staging()
    {
        _staging ??= AlignedBufferPool.Shared.Rent();
        var staging = _staging.Memory.Span;
        if (!_tailStaged && _tailLength > 0)
        {
            int read = RandomAccess.Read(Buffered(), staging[.._tailLength], _blockStart);
            if (read != _tailLength) throw new IOException($"read {_path}: the last {_tailLength} bytes of the upload came back as {read}");
        }
        _tailStaged = true;
        return staging;
    }

    /// <summary>
    /// Starts reading the blocks written directly since the last call back into the page cache, once there
    /// are at least <paramref name="atLeast"/> bytes of them. Only whole blocks that will not be written
    /// again: the partial last block went through the cache anyway.
    /// </summary>
    private void ReadBack(long atLeast)
    {
        if (_blockStart - _readBackFrom < Math.Max(atLeast, 1)) return;
        for (; _readBackFrom < _blockStart; _readBackFrom += ReadBackPiece)
            FileSync.StartReadahead(_direct, _readBackFrom, Math.Min(ReadBackPiece, _blockStart - _readBackFrom));
        _readBackFrom = _blockStart;
    }

    private void WriteTail(ReadOnlySpan<byte> tail) => RandomAccess.Write(Buffered(), tail, _blockStart);

    private SafeFileHandle Buffered() =>
        _buffered ??= File.OpenHandle(_path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);

    /// <summary>fdatasync: the bytes (direct and cached) and the size reach the disk; timestamps need not.</summary>
    public ValueTask CommitAsync(CancellationToken ct = default) => new(_sync.SyncAllAsync());

    public async ValueTask DisposeAsync()
    {
        try { await _sync.WaitAsync(); } // a failed flush fails the request that wrote the bytes
        finally
        {
            ReadBack(0); // the rest of this writer's blocks: the request that appended them is over
            _staging?.Dispose();
            _staging = null;
            _buffered?.Dispose();
            _direct.Dispose();
        }
    }
}
