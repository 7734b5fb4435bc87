using Wharf.Runtime.Native;

namespace Wharf.Runtime.Tests;

/// <summary>The plain open/read/close reader that /proc, /sys and cgroup files go through.</summary>
public sealed class KernelFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wharf-kernelfile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void AMissingFileIsNullForTryReadAndAnErrnoForRead()
    {
        var missing = Path.Combine(_dir, "absent");
        Assert.Null(KernelFile.TryRead(missing));
        Assert.Null(KernelFile.TryRead(Path.Combine(missing, "below"))); // a missing directory on the way
        var e = Assert.Throws<SyscallException>(() => KernelFile.Read(missing));
        Assert.Equal(ErrnoNames.ENOENT, e.Errno);
        Assert.Contains(missing, e.Message);
    }

    [Fact]
    public void AFileLargerThanTheFirstBufferIsReadWhole()
    {
        var path = Path.Combine(_dir, "big");
        var text = string.Concat(Enumerable.Range(0, 3000).Select(i => $"line {i} é\n")); // ~30 KB, not ASCII only
        File.WriteAllText(path, text);
        Assert.Equal(text, KernelFile.Read(path));
    }

    [Fact]
    public void ProcFilesWithoutASizeAreRead()
    {
        // procfs reports size 0: the reader must not trust st_size.
        Assert.StartsWith($"{Environment.ProcessId} (", KernelFile.Read($"/proc/{Environment.ProcessId}/stat"));
        Assert.Null(KernelFile.TryRead("/proc/2147483647/stat"));
    }
}
