using System.Text;
using Wharf.Images.Copy;
using Wharf.Images.Layers;
using Wharf.Images.Progress;
using Wharf.Oci;
using Wharf.Oci.Image;
using System.Text.Json;

namespace Wharf.Images.Tests;

/// <summary>A three-layer image that deletes, replaces and makes directories opaque, loaded through the copy
/// engine; the merged overlay rootfs is then checked file by file.</summary>
public sealed class WhiteoutTests : IDisposable
{
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private static string Owner(string path)
    {
        using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%u:%g", path]) { RedirectStandardOutput = true })!;
        string output = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return output;
    }

    [SkippableFact]
    public async Task Deletes_replacements_and_opaque_dirs_merge_like_docker()
    {
        Skip.IfNot(Mounter.IsRoot, "overlay mounts and whiteout devices need root");
        var bottom = new TarBuilder()
            .Dir("etc").File("etc/keep", "bottom-keep").File("etc/gone", "bottom-gone").File("etc/replaced", "bottom")
            .Dir("opaque").File("opaque/old1", "x").File("opaque/old2", "y")
            .Dir("tree").Dir("tree/sub").File("tree/sub/deep", "z")
            .File("bin-file", "binary", (UnixFileMode)0b111_101_101, uid: 1000, gid: 1000)
            .Symlink("link", "etc/keep")
            .ToArray();
        var middle = new TarBuilder()
            .Dir("etc").File("etc/.wh.gone", "").File("etc/replaced", "middle")
            .Dir("opaque").File("opaque/.wh..wh..opq", "").File("opaque/new", "fresh")
            .File(".wh.tree", "")
            .HardLink("etc/keep-link", "etc/keep")
            .ToArray();
        var top = new TarBuilder()
            .Dir("tree").File("tree/reborn", "again")
            .File("etc/replaced", "top")
            .ToArray();

        var store = LocalImageStore.Open(_tmp.Sub("data"));
        var messages = new List<JsonMessage>();
        using (var destination = new LocalStoreDestination(store, [References.ImageReference.Parse("layers:test")], null))
            await ImageCopier.CopyAsync(new MemoryImageSource(bottom, middle, top), destination, PlatformSpec.Host, messages.Add, default);
        var image = store.Get("layers:test");
        Assert.Equal(3, image.ChainIds.Count);
        Assert.Equal(3, messages.Count(m => m.Status == "Pull complete"));

        string merged = _tmp.Sub("merged");
        Mounter.Mount(Assert.Single(store.Snapshotter.Prepare("whiteouts", image.ChainIds[^1])), merged);
        try
        {
            string Read(string p) => File.ReadAllText(Path.Combine(merged, p));
            Assert.Equal("bottom-keep", Read("etc/keep"));
            Assert.False(File.Exists(Path.Combine(merged, "etc/gone")), "whiteout must hide etc/gone");
            Assert.Equal("top", Read("etc/replaced"));
            Assert.Equal(["new"], Directory.GetFileSystemEntries(Path.Combine(merged, "opaque")).Select(Path.GetFileName));
            Assert.Equal(["reborn"], Directory.GetFileSystemEntries(Path.Combine(merged, "tree")).Select(Path.GetFileName));
            Assert.Equal("bottom-keep", Read("etc/keep-link")); // hard link to a lower layer's file, copied up
            Assert.Equal("etc/keep", new FileInfo(Path.Combine(merged, "link")).LinkTarget);
            Assert.Equal("1000:1000", Owner(Path.Combine(merged, "bin-file")));
            Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(Path.Combine(merged, "bin-file")));
            Assert.Equal(TarBuilder.Stamp.UtcDateTime, File.GetLastWriteTimeUtc(Path.Combine(merged, "etc/keep")));
        }
        finally
        {
            Mounter.Unmount(merged);
            store.Snapshotter.Remove("whiteouts");
        }
    }

    [SkippableFact]
    public async Task Image_with_64_layers_mounts_through_short_lower_links()
    {
        Skip.IfNot(Mounter.IsRoot, "overlay mounts need root");
        var layers = Enumerable.Range(0, 64).Select(i => new TarBuilder().File($"f{i}", i.ToString()).ToArray()).ToArray();
        var store = LocalImageStore.Open(_tmp.Sub("data"));
        using (var destination = new LocalStoreDestination(store, [References.ImageReference.Parse("deep:1")], null))
            await ImageCopier.CopyAsync(new MemoryImageSource(layers), destination, PlatformSpec.Host, _ => { }, default);
        var image = store.Get("deep:1");
        var mount = Assert.Single(store.Snapshotter.Prepare("deep", image.ChainIds[^1]));
        Assert.True(string.Join(',', mount.Options).Length < 4096, "mount data must fit in a page");
        string merged = _tmp.Sub("deep-merged");
        Mounter.Mount(mount, merged);
        try
        {
            Assert.Equal("0", File.ReadAllText(Path.Combine(merged, "f0")));
            Assert.Equal("63", File.ReadAllText(Path.Combine(merged, "f63")));
        }
        finally
        {
            Mounter.Unmount(merged);
            store.Snapshotter.Remove("deep");
        }
    }
}
