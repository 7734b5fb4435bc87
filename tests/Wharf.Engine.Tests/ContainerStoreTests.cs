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

    public void Dispose() => _root.Delete(recursive: true);
}
