using Microsoft.Win32.SafeHandles;
using Wharf.Distribution.Server.Storage;

namespace Wharf.Registry.Tests;

/// <summary>
/// The flushes an upload's writer starts while it writes: one per step, never before it, and a failed one is
/// the writer's failure. /dev/null is the file here because fdatasync refuses it (EINVAL), so whether a flush
/// ran shows as an error.
/// </summary>
public sealed class RollingSyncTests : IDisposable
{
    private readonly SafeFileHandle _devNull = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Write);

    public void Dispose() => _devNull.Dispose();

    [Fact]
    public async Task NoFlushStartsBeforeAStepWasWritten()
    {
        var sync = new RollingSync(_devNull, "/dev/null", syncedTo: 0);
        sync.Wrote(RollingSync.Step - 1);
        await sync.WaitAsync();
    }

    [Fact]
    public async Task AFlushStartsOnceAStepWasWrittenAndItsFailureReachesTheWriter()
    {
        var sync = new RollingSync(_devNull, "/dev/null", syncedTo: 0);
        sync.Wrote(RollingSync.Step);
        var e = await Assert.ThrowsAnyAsync<IOException>(sync.WaitAsync);
        Assert.Contains("fdatasync", e.Message);
        // The next write past the following step hears of it too, instead of starting another flush.
        Assert.ThrowsAny<IOException>(() => sync.Wrote(2 * RollingSync.Step));
    }

    [Fact]
    public async Task StepsCountFromWhereTheFileWasAlreadySynced()
    {
        var sync = new RollingSync(_devNull, "/dev/null", syncedTo: 5 * RollingSync.Step);
        sync.Wrote(6 * RollingSync.Step - 1);
        await sync.WaitAsync();
        sync.Wrote(6 * RollingSync.Step);
        await Assert.ThrowsAnyAsync<IOException>(sync.WaitAsync);
    }
}
