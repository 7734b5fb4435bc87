using Microsoft.Win32.SafeHandles;

namespace Wharf.Distribution.Server.Storage;

/// <summary>
/// An open write to one file at explicit offsets. While bytes stream in it asks the kernel to start
/// writing them back every few megabytes, and flushes them every few more (<see cref="RollingSync"/>), so the
/// disk works during the upload instead of after it and the fdatasync at commit has only the last piece left.
/// </summary>
internal sealed class FileSystemWriter : IStorageWriter
{
    private const long WritebackStep = 8 << 20;
    private readonly SafeFileHandle _file;
    private readonly RollingSync _sync;
    private long _size, _writebackStart;

    public FileSystemWriter(string path, bool append)
    {
        _file = File.OpenHandle(path, append ? FileMode.OpenOrCreate : FileMode.Create, FileAccess.Write, FileShare.Read | FileShare.Delete);
        _size = _writebackStart = append ? RandomAccess.GetLength(_file) : 0;
        _sync = new RollingSync(_file, path, _size);
    }

    public long Size => _size;

    public ValueTask AppendAsync(ReadOnlyMemory<byte> data, CancellationToken ct = default)
    {
        // Written inline: a page-cache write of a megabyte is shorter than handing it to another thread.
        RandomAccess.Write(_file, data.Span, _size);
        _size += data.Length;
        if (_size - _writebackStart >= WritebackStep)
        {
            FileSync.StartWriteback(_file, _writebackStart, _size - _writebackStart);
            _writebackStart = _size;
        }
        _sync.Wrote(_size);
        return ValueTask.CompletedTask;
    }

    /// <summary>fdatasync: the bytes and the size reach the disk; timestamps need not.</summary>
    public ValueTask CommitAsync(CancellationToken ct = default) => new(_sync.SyncAllAsync());

    /// <summary>Waits for a flush in flight before closing; a failed one fails the request that wrote the bytes.</summary>
    public async ValueTask DisposeAsync()
    {
        try { await _sync.WaitAsync(); }
        finally { _file.Dispose(); }
    }
}
