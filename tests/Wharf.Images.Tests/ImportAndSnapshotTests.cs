using System.Diagnostics;
using Wharf.Images.Store;
using Wharf.Oci.Image;

namespace Wharf.Images.Tests;

public sealed class ImportAndSnapshotTests : IDisposable
{
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private byte[] BusyboxRootfsTar()
    {
        string tar = _tmp.Sub("rootfs.tar");
        using var p = Process.Start(SourceTree.Script("make-busybox-rootfs.sh"), ["--tar", tar]);
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return File.ReadAllBytes(tar);
    }

    [SkippableFact]
    public async Task Import_busybox_then_prepare_mount_and_see_files()
    {
        Skip.IfNot(Mounter.IsRoot, "needs root for overlay mounts and device whiteouts");
        var store = LocalImageStore.Open(_tmp.Sub("data"));
        var image = await store.ImportAsync(new MemoryStream(BusyboxRootfsTar()), "bb:imported", new ContainerConfig { Cmd = ["sh"] }, null, default);

        Assert.Equal(["bb:imported"], image.RepoTags);
        Assert.Single(image.ChainIds);
        Assert.Equal(image.Config.Rootfs.DiffIds[0], image.ChainIds[0]);
        Assert.True(image.Size > 500_000, "busybox binary should be counted in the size");
        Assert.Equal(image.Id, store.Resolve("docker.io/library/bb:imported")!.Id);
        Assert.Equal(image.Id, store.Resolve(image.Id.Hex[..12])!.Id);
        Assert.Equal(image.Id, store.Resolve(image.Id.ToString())!.Id);
        Assert.Null(store.Resolve("bb:other"));
        var history = store.History("bb:imported");
        Assert.Equal("Imported from -", Assert.Single(history).Comment);

        var mounts = store.Snapshotter.Prepare("c1", image.ChainIds[^1]);
        string merged = _tmp.Sub("merged");
        Mounter.Mount(Assert.Single(mounts), merged);
        try
        {
            Assert.True(File.Exists(Path.Combine(merged, "bin/busybox")));
            Assert.Equal("busybox", new FileInfo(Path.Combine(merged, "bin/sh")).LinkTarget);
            File.WriteAllText(Path.Combine(merged, "etc/new"), "x");
        }
        finally { Mounter.Unmount(merged); }
        Assert.True(File.Exists(Path.Combine(store.Snapshotter.UpperDir("c1"), "etc/new")));
        store.Snapshotter.Remove("c1");
        Assert.Throws<Snapshots.SnapshotNotFoundException>(() => store.Snapshotter.UpperDir("c1"));
    }

    [SkippableFact]
    public async Task Store_reopens_with_the_same_images_and_gzip_or_zstd_import_gives_same_diff_id()
    {
        Skip.IfNot(Mounter.IsRoot, "needs root for lchown");
        var tar = new TarBuilder().Dir("etc").File("etc/hello", "hi\n").ToArray();
        var gz = new TarBuilder().Dir("etc").File("etc/hello", "hi\n").ToGzip();
        byte[] zstd;
        using (var compressor = new ZstdSharp.Compressor()) zstd = compressor.Wrap(tar).ToArray();
        string data = _tmp.Sub("data");
        var store = LocalImageStore.Open(data);
        var a = await store.ImportAsync(new MemoryStream(tar), "a", null, "first", default);
        var b = await store.ImportAsync(new MemoryStream(gz), "b", null, "second", default);
        var z = await store.ImportAsync(new MemoryStream(zstd), "z", null, "third", default);
        Assert.Equal(a.Config.Rootfs.DiffIds, b.Config.Rootfs.DiffIds);
        Assert.Equal(a.Config.Rootfs.DiffIds, z.Config.Rootfs.DiffIds);
        Assert.NotEqual(a.Id, b.Id);

        var reopened = LocalImageStore.Open(data);
        Assert.Equal(3, reopened.List().Count);
        Assert.Equal(a.Id, reopened.Resolve("a:latest")!.Id);
        Assert.Equal("hi\n", File.ReadAllText(Path.Combine(reopened.Snapshots.LayerDir(a.ChainIds[0]), "etc/hello")));
    }

    [SkippableFact]
    public async Task A_retired_snapshot_is_gone_at_once_and_what_is_left_is_cleared_by_the_next_start()
    {
        Skip.IfNot(Mounter.IsRoot, "needs root for lchown");
        string data = _tmp.Sub("data");
        var store = LocalImageStore.Open(data);
        var image = await store.ImportAsync(new MemoryStream(new TarBuilder().Dir("etc").File("etc/hello", "hi\n").ToArray()), "r", null, null, default);
        store.Snapshotter.Prepare("c1", image.ChainIds[^1]);
        File.WriteAllText(Path.Combine(store.Snapshotter.UpperDir("c1"), "written"), "x");

        string? left = store.Snapshotter.Retire("c1");

        Assert.Throws<Snapshots.SnapshotNotFoundException>(() => store.Snapshotter.UpperDir("c1"));
        Assert.DoesNotContain(store.Snapshots.ListActive(), s => s.Key == "c1");
        Assert.NotNull(left);
        Assert.True(File.Exists(Path.Combine(left, "upper", "written")), "the retired directory is left for the caller to delete");
        Assert.Null(store.Snapshotter.Retire("c1"));
        // A crash before the caller deleted it: opening the store again (daemon start-up) clears it.
        LocalImageStore.Open(data);
        Assert.False(Directory.Exists(left));
    }

    [SkippableFact]
    public async Task Tag_and_remove_follow_docker_semantics()
    {
        Skip.IfNot(Mounter.IsRoot, "needs root for lchown");
        var store = LocalImageStore.Open(_tmp.Sub("data"));
        var image = await store.ImportAsync(new MemoryStream(new TarBuilder().File("f", "1").ToArray()), "one:v1", null, null, default);
        store.Tag("one:v1", "two");
        store.Tag(image.Id.Hex[..8], "one:v2");
        Assert.Equal(["one:v1", "one:v2", "two:latest"], store.Resolve("two")!.RepoTags);

        // By ID with names in two repositories: refused unless forced.
        var conflict = Assert.Throws<ImageConflictException>(() => store.Remove(image.Id.Hex[..12], force: false, noPrune: false));
        Assert.Contains("must be forced", conflict.Message);

        // By name: untag only while other names remain.
        var untag = store.Remove("two", false, false);
        Assert.Equal("two:latest", Assert.Single(untag).Untagged);
        store.Remove("one:v2", false, false);

        // Last name: untag and delete, and the layer is collected.
        var last = store.Remove("one:v1", false, false);
        Assert.Equal("one:v1", last[0].Untagged);
        Assert.Equal(image.Id.ToString(), last[1].Deleted);
        Assert.Equal(image.ChainIds[0], last[2].Deleted);
        Assert.Empty(store.List());
        Assert.False(store.Snapshots.HasLayer(image.ChainIds[0]));
        Assert.Empty(store.Content.List());
        Assert.Throws<ImageNotFoundException>(() => store.Remove("one:v1", false, false));
    }
}
