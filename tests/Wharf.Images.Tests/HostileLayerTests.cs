using System.Formats.Tar;
using Wharf.Images.Layers;

namespace Wharf.Images.Tests;

/// <summary>Malicious layers are refused and leave the host untouched: nothing is written outside the layer directory.</summary>
public sealed class HostileLayerTests : IDisposable
{
    private readonly TempDir _tmp = new();
    private readonly string _outside;

    public HostileLayerTests()
    {
        _outside = _tmp.Sub("outside");
        Directory.CreateDirectory(_outside);
        File.WriteAllText(Path.Combine(_outside, "victim"), "original");
    }

    public void Dispose() => _tmp.Dispose();

    private LocalImageStore Store(LayerLimits? limits = null)
    {
        var store = LocalImageStore.Open(_tmp.Sub("data"));
        if (limits is not null) store.Limits = limits;
        return store;
    }

    private void AssertRefusedAndHostUntouched(byte[] layer, string expected, LayerLimits? limits = null)
    {
        var store = Store(limits);
        var error = Assert.ThrowsAny<Exception>(() => store.ImportAsync(new MemoryStream(layer), "evil", null, null, default).GetAwaiter().GetResult());
        Assert.True(error is LayerRejectedException, error.ToString());
        Assert.Contains(expected, error.Message);
        Assert.Equal("original", File.ReadAllText(Path.Combine(_outside, "victim")));
        Assert.Equal(["victim"], Directory.EnumerateFileSystemEntries(_outside).Select(Path.GetFileName));
        Assert.Empty(store.List());
        Assert.Empty(store.Snapshots.ListLayers());
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(store.DataRoot, "snapshots", "ingest")));
    }

    [SkippableFact]
    public void Dot_dot_path_is_refused()
    {
        Skip.IfNot(Mounter.IsRoot, "unpacking sets ownership: root only");
        AssertRefusedAndHostUntouched(new TarBuilder().File("a/../../../../outside/victim", "pwned").ToArray(), "escaping the root");
    }

    [SkippableFact]
    public void Absolute_path_is_refused()
    {
        Skip.IfNot(Mounter.IsRoot, "unpacking sets ownership: root only");
        AssertRefusedAndHostUntouched(new TarBuilder().File(Path.Combine(_outside, "victim"), "pwned").ToArray(), "absolute path");
    }

    [SkippableFact]
    public void Absolute_symlink_then_write_through_it_is_refused()
    {
        Skip.IfNot(Mounter.IsRoot, "unpacking sets ownership: root only");
        var layer = new TarBuilder().Symlink("link", _outside).File("link/victim", "pwned").ToArray();
        AssertRefusedAndHostUntouched(layer, "absolute target outside the layer");
    }

    [SkippableFact]
    public void Relative_symlink_climbing_out_then_write_through_it_is_refused()
    {
        Skip.IfNot(Mounter.IsRoot, "unpacking sets ownership: root only");
        var layer = new TarBuilder().Dir("d").Symlink("d/up", "../../../../../../../../..").File("d/up/tmp/x", "pwned").ToArray();
        AssertRefusedAndHostUntouched(layer, "escapes the root");
    }

    [SkippableFact]
    public void Hard_link_to_a_host_file_is_refused()
    {
        Skip.IfNot(Mounter.IsRoot, "unpacking sets ownership: root only");
        var layer = new TarBuilder().HardLink("hl", "../../../outside/victim").File("hl", "pwned").ToArray();
        AssertRefusedAndHostUntouched(layer, "escaping the root");
        var absolute = new TarBuilder().HardLink("hl", Path.Combine(_outside, "victim")).ToArray();
        AssertRefusedAndHostUntouched(absolute, "absolute path");
    }

    [SkippableFact]
    public void Writing_over_a_hard_link_replaces_it_instead_of_writing_through()
    {
        Skip.IfNot(Mounter.IsRoot, "unpacking sets ownership: root only");
        var store = Store();
        var layer = new TarBuilder().File("orig", "keep").HardLink("hl", "orig").File("hl", "new").ToArray();
        var image = store.ImportAsync(new MemoryStream(layer), "ok", null, null, default).GetAwaiter().GetResult();
        string dir = store.Snapshots.LayerDir(image.ChainIds[0]);
        Assert.Equal("keep", File.ReadAllText(Path.Combine(dir, "orig")));
        Assert.Equal("new", File.ReadAllText(Path.Combine(dir, "hl")));
    }

    [SkippableFact]
    public void Device_node_outside_dev_is_refused()
    {
        Skip.IfNot(Mounter.IsRoot, "unpacking sets ownership: root only");
        var layer = new TarBuilder().Dir("etc").Device("etc/sda", TarEntryType.BlockDevice, 8, 0).ToArray();
        AssertRefusedAndHostUntouched(layer, "device node outside /dev");
    }

    [SkippableFact]
    public void Device_node_in_dev_is_made()
    {
        Skip.IfNot(Mounter.IsRoot, "mknod needs root");
        var store = Store();
        var image = store.ImportAsync(new MemoryStream(new TarBuilder().Dir("dev").Device("dev/null", TarEntryType.CharacterDevice, 1, 3).ToArray()), "dev", null, null, default).GetAwaiter().GetResult();
        Assert.True(File.Exists(Path.Combine(store.Snapshots.LayerDir(image.ChainIds[0]), "dev/null")));
    }

    [SkippableFact]
    public void Tar_bomb_beyond_the_size_limit_is_refused()
    {
        Skip.IfNot(Mounter.IsRoot, "unpacking sets ownership: root only");
        var builder = new TarBuilder();
        for (int i = 0; i < 20; i++) builder.File($"f{i}", new string('A', 100_000));
        var gz = builder.ToGzip();
        Assert.True(gz.Length < 100_000, $"a good bomb compresses well ({gz.Length} bytes for 2 MB)");
        AssertRefusedAndHostUntouched(gz, "tar bomb", new LayerLimits(1_000_000, 1_000, 64));
    }

    [SkippableFact]
    public void Tar_bomb_of_entries_is_refused()
    {
        Skip.IfNot(Mounter.IsRoot, "unpacking sets ownership: root only");
        var builder = new TarBuilder();
        for (int i = 0; i < 200; i++) builder.File($"e{i}", "");
        AssertRefusedAndHostUntouched(builder.ToArray(), "more than 100 entries", new LayerLimits(1L << 30, 100, 64));
    }
}
