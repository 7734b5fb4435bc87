using System.Diagnostics;
using System.Formats.Tar;
using Wharf.Images.Layers;

namespace Wharf.Images.Tests;

/// <summary>A container's changes (made through a real overlay mount) listed, committed as a layer and exported.</summary>
public sealed class CommitDiffExportTests : IDisposable
{
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private async Task<(LocalImageStore, LocalImage)> StoreWithBusyboxAsync()
    {
        string tar = _tmp.Sub("rootfs.tar");
        using (var p = Process.Start(SourceTree.Script("make-busybox-rootfs.sh"), ["--tar", tar])) p.WaitForExit();
        var store = LocalImageStore.Open(_tmp.Sub("data"));
        return (store, await store.ImportAsync(File.OpenRead(tar), "base:1", null, null, default));
    }

    [SkippableFact]
    public async Task Changes_are_listed_committed_and_exported()
    {
        Skip.IfNot(Mounter.IsRoot, "overlay mounts need root");
        var (store, baseImage) = await StoreWithBusyboxAsync();

        string merged = _tmp.Sub("merged");
        Mounter.Mount(Assert.Single(store.Snapshotter.Prepare("c1", baseImage.ChainIds[^1])), merged);
        try
        {
            File.WriteAllText(Path.Combine(merged, "etc/new"), "added\n");
            File.AppendAllText(Path.Combine(merged, "etc/passwd"), "app:x:1000:1000::/:/bin/sh\n");
            File.Delete(Path.Combine(merged, "bin/ls"));
            Directory.Delete(Path.Combine(merged, "home"));
            Directory.CreateDirectory(Path.Combine(merged, "home")); // recreated: overlay marks it opaque
            File.WriteAllText(Path.Combine(merged, "home/fresh"), "x");
        }
        finally { Mounter.Unmount(merged); }

        var changes = store.Diff("c1").ToDictionary(c => c.Path, c => c.Kind);
        Assert.Equal(ChangeKind.Added, changes["/etc/new"]);
        Assert.Equal(ChangeKind.Modified, changes["/etc/passwd"]);
        Assert.Equal(ChangeKind.Modified, changes["/etc"]);
        Assert.Equal(ChangeKind.Deleted, changes["/bin/ls"]);
        Assert.Equal(ChangeKind.Added, changes["/home/fresh"]);

        var committed = await store.CommitAsync(new CommitRequest("c1", baseImage.Id.ToString(), null, "my change", "me", "sh", "committed:1"), default);
        Assert.Equal(2, committed.ChainIds.Count);
        Assert.Equal(baseImage.ChainIds[0], committed.ChainIds[0]);
        Assert.Equal("my change", store.History("committed:1")[0].Comment);
        store.Snapshotter.Remove("c1");

        string merged2 = _tmp.Sub("merged2");
        Mounter.Mount(Assert.Single(store.Snapshotter.Prepare("c2", committed.ChainIds[^1])), merged2);
        try
        {
            Assert.Equal("added\n", File.ReadAllText(Path.Combine(merged2, "etc/new")));
            Assert.EndsWith("app:x:1000:1000::/:/bin/sh\n", File.ReadAllText(Path.Combine(merged2, "etc/passwd")));
            Assert.False(File.Exists(Path.Combine(merged2, "bin/ls")));
            Assert.True(File.Exists(Path.Combine(merged2, "bin/cat")));
            Assert.Equal(["fresh"], Directory.GetFileSystemEntries(Path.Combine(merged2, "home")).Select(Path.GetFileName));

            var export = new MemoryStream();
            LocalImageStore.Export(merged2, export);
            export.Position = 0;
            var names = new HashSet<string>();
            using (var reader = new TarReader(export))
                while (reader.GetNextEntry() is { } e) names.Add(e.Name.TrimEnd('/'));
            Assert.Contains("etc/new", names);
            Assert.Contains("bin/busybox", names);
            Assert.DoesNotContain("bin/ls", names);
            Assert.DoesNotContain(names, n => n.Contains(".wh."));
        }
        finally
        {
            Mounter.Unmount(merged2);
            store.Snapshotter.Remove("c2");
        }
    }

    [SkippableFact]
    public async Task A_container_without_changes_commits_as_dockers_empty_layer()
    {
        Skip.IfNot(Mounter.IsRoot, "layer unpacking runs as root (lchown)");
        var (store, baseImage) = await StoreWithBusyboxAsync();
        store.Snapshotter.Prepare("unchanged", baseImage.ChainIds[^1]);

        var committed = await store.CommitAsync(new CommitRequest("unchanged", baseImage.Id.ToString(), null, null, null, null, "same:1"), default);
        Assert.Equal(2, committed.ChainIds.Count);
        // Two zero blocks, as Docker writes an empty layer: the same diff ID, so the chain is shared with its images.
        Assert.Equal("sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef", committed.Config.Rootfs.DiffIds[^1]);
        Assert.True(store.Snapshots.HasLayer(committed.ChainIds[^1]));
        store.Snapshotter.Remove("unchanged");
    }

    [SkippableFact]
    public async Task A_zero_byte_layer_is_an_empty_layer_as_in_go()
    {
        Skip.IfNot(Mounter.IsRoot, "layer unpacking runs as root (lchown)");
        var store = LocalImageStore.Open(_tmp.Sub("data"));
        var image = await store.ImportAsync(new MemoryStream(), "empty:1", null, null, default);
        Assert.Single(image.ChainIds);
        Assert.Empty(Directory.EnumerateFileSystemEntries(store.Snapshots.LayerDir(image.ChainIds[0])));
    }
}
