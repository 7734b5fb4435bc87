using System.Text;
using Wharf.Distribution.Server.Storage;

namespace Wharf.Registry.Tests;

/// <summary>
/// The one suite every storage driver must pass (through <see cref="CheckedStorage"/>, as the
/// registry uses it). A new driver (S3, …) gets a subclass of this and nothing else.
/// </summary>
public abstract class StorageDriverContract : IDisposable
{
    protected abstract IRegistryStorage CreateDriver();
    public virtual void Dispose() { }

    private IRegistryStorage? _storage;
    protected IRegistryStorage Storage => _storage ??= new CheckedStorage(CreateDriver());

    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public async Task PutThenGetReturnsTheSameBytesAndStatReportsTheSize()
    {
        await Storage.PutContentAsync("a/b/c", Bytes("hello"));
        Assert.Equal("hello", Encoding.UTF8.GetString((await Storage.GetContentAsync("a/b/c"))!));
        var stat = await Storage.StatAsync("a/b/c");
        Assert.Equal(5, stat!.Value.Size);
        Assert.False(stat.Value.IsDirectory);
        Assert.True((await Storage.StatAsync("a/b"))!.Value.IsDirectory);
    }

    [Fact]
    public async Task MissingKeysReadAsNullAndOpenThrowsKeyNotFound()
    {
        Assert.Null(await Storage.GetContentAsync("nope/x"));
        Assert.Null(await Storage.StatAsync("nope/x"));
        var e = await Assert.ThrowsAsync<StorageKeyNotFoundException>(async () => await Storage.OpenReadAsync("nope/x", 0));
        Assert.Equal("nope/x", e.Key);
        await Storage.DeleteAsync("nope/x"); // deleting nothing is fine
        Assert.Empty(await ListAsync("nope"));
    }

    [Fact]
    public async Task PutReplacesExistingContentWhole()
    {
        await Storage.PutContentAsync("k", Bytes("a much longer first value"));
        await Storage.PutContentAsync("k", Bytes("short"));
        Assert.Equal("short", Encoding.UTF8.GetString((await Storage.GetContentAsync("k"))!));
    }

    [Fact]
    public async Task WriterAppendsAcrossOpensAndReadStartsAtOffset()
    {
        await using (var w = await Storage.OpenWriterAsync("up/data", append: false))
        {
            await w.AppendAsync(Bytes("0123"));
            await w.CommitAsync();
        }
        await using (var w = await Storage.OpenWriterAsync("up/data", append: true))
        {
            Assert.Equal(4, w.Size);
            await w.AppendAsync(Bytes("4567"));
            await w.CommitAsync();
            Assert.Equal(8, w.Size);
        }
        await using var r = await Storage.OpenReadAsync("up/data", 3);
        Assert.Equal("34567", await new StreamReader(r).ReadToEndAsync());
    }

    [Fact]
    public async Task ManyLargeAppendsReadBackExactly()
    {
        // 40 MiB in 1 MiB pieces: past the file drivers' early-writeback and rolling-flush steps more than once,
        // so appends go on while a flush runs.
        var content = new byte[40 << 20];
        Random.Shared.NextBytes(content);
        await using (var w = await Storage.OpenWriterAsync("big/data", append: false))
        {
            for (int at = 0; at < content.Length; at += 1 << 20) await w.AppendAsync(content.AsMemory(at, 1 << 20));
            await w.CommitAsync();
            Assert.Equal(content.Length, w.Size);
        }
        Assert.Equal(content, await Storage.GetContentAsync("big/data"));
    }

    [Fact]
    public async Task MoveRenamesAndReplacesTheDestination()
    {
        await Storage.PutContentAsync("from/x", Bytes("new"));
        await Storage.PutContentAsync("to/y", Bytes("old"));
        await Storage.MoveAsync("from/x", "to/y");
        Assert.Null(await Storage.GetContentAsync("from/x"));
        Assert.Equal("new", Encoding.UTF8.GetString((await Storage.GetContentAsync("to/y"))!));
        await Assert.ThrowsAsync<StorageKeyNotFoundException>(async () => await Storage.MoveAsync("from/x", "to/z"));
    }

    [Fact]
    public async Task ListGivesDirectChildrenAndDeleteIsRecursive()
    {
        await Storage.PutContentAsync("r/one/a", Bytes("1"));
        await Storage.PutContentAsync("r/one/b/c", Bytes("2"));
        await Storage.PutContentAsync("r/two", Bytes("3"));
        Assert.Equal(["one", "two"], (await ListAsync("r")).Order(StringComparer.Ordinal));
        Assert.Equal(["a", "b"], (await ListAsync("r/one")).Order(StringComparer.Ordinal));
        await Storage.DeleteAsync("r/one");
        Assert.Equal(["two"], await ListAsync("r"));
        Assert.Null(await Storage.GetContentAsync("r/one/b/c"));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/../../b")]
    [InlineData("/abs")]
    [InlineData("a//b")]
    [InlineData("a/./b")]
    [InlineData("a\\b")]
    [InlineData("")]
    public async Task KeysThatCouldEscapeTheStoreAreRejected(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(async () => await Storage.PutContentAsync(key, Bytes("x")));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Storage.OpenWriterAsync(key, false));
    }

    [Fact]
    public async Task ConcurrentPutsOfOneKeyLeaveOneWholeValue()
    {
        var values = Enumerable.Range(0, 32).Select(i => new string((char)('a' + i % 26), 4096 + i)).ToList();
        await Task.WhenAll(values.Select(v => Task.Run(async () => await Storage.PutContentAsync("race", Bytes(v)))));
        Assert.Contains(Encoding.UTF8.GetString((await Storage.GetContentAsync("race"))!), values);
    }

    private async Task<List<string>> ListAsync(string key)
    {
        var names = new List<string>();
        await foreach (var n in Storage.ListAsync(key)) names.Add(n);
        return names;
    }
}

public sealed class FileSystemStorageTests : StorageDriverContract
{
    private readonly string _root = Directory.CreateTempSubdirectory("wharf-fs-driver-").FullName;
    protected override IRegistryStorage CreateDriver() => new FileSystemStorage(_root);
    public override void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void SweepRemovesWhatACrashedRunLeftAndNothingElse()
    {
        var tags = Path.Combine(_root, "repositories", "app", "_manifests", "tags");
        Directory.CreateDirectory(Path.Combine(tags, "v1"));
        File.WriteAllText(Path.Combine(tags, "v1", "link"), "sha256:x");
        File.WriteAllText(Path.Combine(tags, ".tmp-0a1b2c3d-5f0e"), "half a link");
        var doomed = Path.Combine(_root, "repositories", ".tmp-0a1b2c3d-del-77aa");
        Directory.CreateDirectory(Path.Combine(doomed, "_layers"));
        File.WriteAllText(Path.Combine(doomed, "_layers", "link"), "");

        var fresh = Path.Combine(tags, ".tmp-99999999-just-now"); // another live instance's, maybe
        File.WriteAllText(fresh, "being written");
        var old = DateTime.UtcNow - FileSystemStorage.SweepGrace - TimeSpan.FromMinutes(1);
        File.SetLastWriteTimeUtc(Path.Combine(tags, ".tmp-0a1b2c3d-5f0e"), old);
        Directory.SetLastWriteTimeUtc(doomed, old);

        var driver = new FileSystemStorage(_root);
        Assert.Equal(2, driver.SweepStaleTemporaries());
        Assert.True(File.Exists(fresh));
        Assert.False(File.Exists(Path.Combine(tags, ".tmp-0a1b2c3d-5f0e")));
        Assert.False(Directory.Exists(doomed));
        Assert.True(File.Exists(Path.Combine(tags, "v1", "link")));
        Assert.Equal(0, driver.SweepStaleTemporaries());
    }

    [Fact]
    public async Task PutLeavesNoTempFilesBehind()
    {
        for (int i = 0; i < 5; i++) await Storage.PutContentAsync("d/k", Encoding.UTF8.GetBytes("v" + i));
        Assert.Equal(["k"], Directory.GetFiles(Path.Combine(_root, "d")).Select(Path.GetFileName));
    }
}

/// <summary>The file driver with O_DIRECT on (<c>--direct-writes</c>): the same contract through its O_DIRECT writer.</summary>
public sealed class DirectFileSystemStorageTests : StorageDriverContract
{
    private readonly string _root = Directory.CreateTempSubdirectory("wharf-fs-driver-direct-").FullName;
    protected override IRegistryStorage CreateDriver() => new FileSystemStorage(_root, directWrites: true);
    public override void Dispose() => Directory.Delete(_root, recursive: true);
}

public sealed class InMemoryStorageTests : StorageDriverContract
{
    protected override IRegistryStorage CreateDriver() => new InMemoryStorage();
}
