using System.Diagnostics;
using Wharf.Images;

namespace Wharf.Distribution.Tests;

/// <summary>A pull killed with SIGKILL halfway leaves a store that opens clean and pulls again.</summary>
public sealed class CrashSafetyTests : IDisposable
{
    private readonly Scratch _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [SkippableFact]
    public async Task Killed_pull_leaves_a_consistent_store_and_can_run_again()
    {
        Skip.IfNot(Environment.UserName == "root", "layer unpacking runs as root (lchown)");
        await using var fake = new FakeRegistry();
        string data = _tmp.Sub("data");
        string tool = Path.Combine(AppContext.BaseDirectory, "wharf-pull.dll");
        Skip.IfNot(File.Exists(tool), "wharf-pull tool not built next to the tests");
        var psi = new ProcessStartInfo("dotnet", [tool, "pull", data, $"{fake.Host}/slow:1", "--quiet"])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var child = Process.Start(psi)!;
        try
        {
            // Wait until the layer is being unpacked (its file exists in a snapshot ingest), then SIGKILL.
            string ingest = Path.Combine(data, "snapshots", "ingest");
            var deadline = DateTime.UtcNow.AddSeconds(60);
            bool midway = false;
            while (DateTime.UtcNow < deadline && !child.HasExited && !midway)
            {
                midway = Directory.Exists(ingest) && Directory.EnumerateDirectories(ingest)
                    .Any(d => File.Exists(Path.Combine(d, "fs", "data", "blob.bin")));
                if (!midway) Thread.Sleep(10);
            }
            Assert.True(midway, "never saw the pull midway: " + (child.HasExited ? child.StandardError.ReadToEnd() : "timeout"));
        }
        finally
        {
            if (!child.HasExited) child.Kill(); // SIGKILL, by PID
            child.WaitForExit();
        }
        Assert.Equal(137, child.ExitCode);
        Assert.NotEmpty(Directory.EnumerateDirectories(Path.Combine(data, "snapshots", "ingest")));

        var store = LocalImageStore.Open(data); // start-up repair
        Assert.Empty(store.List());
        Assert.Empty(store.Snapshots.ListLayers());
        Assert.False(store.Content.Exists(fake.LayerDigest));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(data, "content", "ingest")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(data, "snapshots", "ingest")));

        using var service = new ImageService(store);
        var image = await service.PullAsync($"{fake.Host}/slow:1", null, null, _ => { }, default);
        Assert.True(store.Content.Exists(fake.LayerDigest));
        Assert.Equal(300_000, new FileInfo(Path.Combine(store.Snapshots.LayerDir(image.ChainIds[0]), "data/blob.bin")).Length);
    }
}
