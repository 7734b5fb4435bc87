using Wharf.Engine.Containers;

namespace Wharf.Engine.Tests;

/// <summary>
/// A removal deletes the record first and the rest of the container's directories after the reply, so start-up
/// must treat a data directory without a record as garbage and keep every one that has a record.
/// </summary>
public sealed class ContainerStoreTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("container-store-");

    private ContainerPaths Paths => new(new EngineOptions
    {
        DataRoot = Path.Combine(_root.FullName, "data"), ExecRoot = Path.Combine(_root.FullName, "exec"), BinDir = _root.FullName,
    });

    [Fact]
    public void DeleteMakesTheRemovalStickAndLoadSweepsWhatItLeft()
    {
        var paths = Paths;
        var store = new ContainerStore(paths);
        var kept = new Container(new ContainerRecord { Id = new string('a', 64), Name = "/kept" });
        var removed = new Container(new ContainerRecord { Id = new string('b', 64), Name = "/removed" });
        foreach (var c in new[] { kept, removed })
        {
            store.Add(c);
            store.Save(c, durable: false);
            File.WriteAllText(paths.Hosts(c.Id), "127.0.0.1 localhost\n");
        }

        store.Delete(removed);
        Assert.Null(store.TryGet(removed.Id));
        Assert.False(File.Exists(paths.Record(removed.Id)));
        Assert.True(File.Exists(paths.Hosts(removed.Id))); // the rest goes later, or at the next start-up

        var restarted = new ContainerStore(paths);
        var log = new List<string>();
        restarted.Load(log.Add);
        Assert.Empty(log);
        Assert.NotNull(restarted.TryGet(kept.Id));
        Assert.Null(restarted.TryGet(removed.Id));
        Assert.True(File.Exists(paths.Hosts(kept.Id)));
        Assert.False(Directory.Exists(paths.DataDir(removed.Id)));
    }

    /// <summary>An --rm container's bundle is deleted while its shim may still write its exit status into it (a
    /// temporary, then a rename): the delete must outlast the writer, not give up at the first "directory not empty".</summary>
    [Fact]
    public async Task ATreeSomeoneIsStillWritingIntoIsGoneOnceTheWritingStops()
    {
        for (int round = 0; round < 5; round++)
        {
            string dir = Path.Combine(_root.FullName, "bundle-" + round);
            Directory.CreateDirectory(dir);
            for (int i = 0; i < 300; i++) File.WriteAllText(Path.Combine(dir, "file-" + i), "x");
            var writingEnds = DateTime.UtcNow.AddMilliseconds(300);
            int writes = 0;
            var writer = new Thread(() =>
            {
                while (DateTime.UtcNow < writingEnds)
                {
                    try
                    {
                        File.WriteAllText(Path.Combine(dir, "exit.tmp"), "0");
                        File.Move(Path.Combine(dir, "exit.tmp"), Path.Combine(dir, "exit"), overwrite: true);
                        Interlocked.Increment(ref writes);
                    }
                    catch (IOException) { } // gone (as the shim finds it), or caught between the write and the rename
                }
            });
            writer.Start();
            var log = new List<string>();
            while (Volatile.Read(ref writes) < 10) Thread.Sleep(1);
            await ContainerStore.TryDeleteSettlingTreeAsync(dir, log.Add);
            writer.Join();
            Assert.Empty(log);
            Assert.False(Directory.Exists(dir), $"round {round}: the tree is still there");
        }
    }

    public void Dispose() => _root.Delete(recursive: true);
}
