namespace Wharf.Images.Tests;

public sealed class PruneAndUsageTests : IDisposable
{
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [SkippableFact]
    public async Task Shared_layers_are_counted_and_prune_keeps_tagged_and_used_images()
    {
        Skip.IfNot(Mounter.IsRoot, "unpacking sets ownership: root only");
        var store = LocalImageStore.Open(_tmp.Sub("data"));
        byte[] layer = new TarBuilder().File("data", new string('x', 10_000)).ToArray();
        var a = await store.ImportAsync(new MemoryStream(layer), "a", null, "one", default);
        var b = await store.ImportAsync(new MemoryStream(layer), "b", null, "two", default);
        var c = await store.ImportAsync(new MemoryStream(new TarBuilder().File("other", "y").ToArray()), "c", null, null, default);

        var usage = store.DiskUsage();
        Assert.Equal(10_001, usage.LayersSize);
        var ua = usage.Images.Single(i => i.Image.Id == a.Id);
        Assert.Equal((10_000L, 10_000L, 0L), (ua.Size, ua.SharedSize, ua.UniqueSize));
        Assert.Equal(0, usage.Images.Single(i => i.Image.Id == c.Id).SharedSize);

        store.Tag("a", "keep:1");
        store.Remove("a", false, false);  // still tagged keep:1
        store.Remove("b", false, false);  // last tag: deleted
        var dangling = store.Prune(all: false, inUse: new HashSet<string>());
        Assert.Empty(dangling.Deleted);   // nothing dangling: every image left is tagged

        var pruned = store.Prune(all: true, inUse: new HashSet<string> { c.Id.ToString() });
        Assert.Contains(pruned.Deleted, d => d.Deleted == a.Id.ToString());
        Assert.True(pruned.SpaceReclaimed >= 10_000, $"reclaimed {pruned.SpaceReclaimed}");
        Assert.Equal([c.Id], store.List().Select(i => i.Id));
    }
}
