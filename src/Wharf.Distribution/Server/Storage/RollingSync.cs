using Microsoft.Win32.SafeHandles;

namespace Wharf.Distribution.Server.Storage;

/// <summary>
/// Makes a growing file durable while it grows: every <see cref="Step"/> bytes it starts an fdatasync on a
/// thread pool thread (one at a time), and the writer goes on writing. What a flush costs grows with what the
/// device holds unflushed in its own cache, so the writer's final flush then has only the last piece left to
/// wait for (bench/registry/README.md, step 7, has the figures).
/// </summary>
internal sealed class RollingSync(SafeFileHandle file, string path, long syncedTo)
{
    public const long Step = 16 << 20;
    private Task _flush = Task.CompletedTask;
    private long _startedAt = syncedTo;

    /// <summary>Called after each write with the file's size; throws the error of an earlier flush that failed.</summary>
    public void Wrote(long size)
    {
        if (size - _startedAt < Step || !_flush.IsCompleted) return;
        _flush.GetAwaiter().GetResult();
        _startedAt = size;
        _flush = Task.Run(() => FileSync.DataSync(file, path));
    }

    /// <summary>Waits for the flush in flight, if any; its error is the writer's (the kernel reports a write-back error once per open file).</summary>
    public Task WaitAsync() => _flush;

    /// <summary>The writer's commit: after the flush in flight, one fdatasync for the rest (the bytes and the size, not timestamps).</summary>
    public async Task SyncAllAsync()
    {
        await _flush;
        FileSync.DataSync(file, path);
    }
}
