using Wharf.Images;
using Wharf.Images.Progress;

namespace Wharf.Distribution.Tests;

/// <summary>docker-archive in both directions with skopeo as the peer.</summary>
public sealed class SaveLoadInteropTests : IDisposable
{
    private readonly Scratch _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private static bool CanRun => Environment.UserName == "root" && File.Exists("/usr/bin/skopeo");

    [SkippableFact]
    public async Task Saved_archive_is_read_by_skopeo_and_loads_back()
    {
        Skip.IfNot(CanRun, "needs root and skopeo");
        var store = LocalImageStore.Open(_tmp.Sub("a"));
        var image = await store.ImportAsync(File.OpenRead(_tmp.BusyboxTar()), "saved/bb:1", null, null, default);
        string archive = _tmp.Sub("save.tar");
        using (var file = File.Create(archive)) await store.SaveAsync(["saved/bb:1"], file, default);

        string inspect = Scratch.Run("/usr/bin/skopeo", "inspect", $"docker-archive:{archive}");
        Assert.Contains(image.Config.Rootfs.DiffIds[0], inspect);
        Scratch.Run("/usr/bin/skopeo", "copy", $"docker-archive:{archive}", $"oci:{_tmp.Sub("oci")}:copied");
        Assert.True(File.Exists(Path.Combine(_tmp.Sub("oci"), "index.json")));
        // The OCI layout inside our archive is valid on its own too.
        string unpacked = _tmp.Sub("unpacked");
        Directory.CreateDirectory(unpacked);
        Scratch.Run("tar", "-xf", archive, "-C", unpacked);
        Scratch.Run("/usr/bin/skopeo", "inspect", $"oci:{unpacked}:1");

        var other = LocalImageStore.Open(_tmp.Sub("b"));
        var messages = new List<JsonMessage>();
        var loaded = Assert.Single(await other.LoadAsync(File.OpenRead(archive), messages.Add, default));
        Assert.Equal(image.Id, loaded.Id);
        Assert.Equal(["saved/bb:1"], loaded.RepoTags);
        Assert.Contains(messages, m => m.Stream == "Loaded image: saved/bb:1\n");
        Assert.Contains(messages, m => m.Status == "Loading layer");
    }

    [SkippableFact]
    public async Task Archive_written_by_skopeo_loads_with_its_tag_and_files()
    {
        Skip.IfNot(CanRun && DockerRegistry.Available, "needs root, skopeo and docker-registry");
        using var registry = new DockerRegistry();
        var source = LocalImageStore.Open(_tmp.Sub("src"));
        var image = await source.ImportAsync(File.OpenRead(_tmp.BusyboxTar()), $"{registry.Host}/x/bb:1", null, null, default);
        using (var service = new ImageService(source)) await service.PushAsync($"{registry.Host}/x/bb:1", null, _ => { }, default);
        string archive = _tmp.Sub("skopeo.tar");
        Scratch.Run("/usr/bin/skopeo", "copy", "--src-tls-verify=false", $"docker://{registry.Host}/x/bb:1", $"docker-archive:{archive}:from/skopeo:2");

        var store = LocalImageStore.Open(_tmp.Sub("dst"));
        var loaded = Assert.Single(await store.LoadAsync(File.OpenRead(archive), _ => { }, default));
        Assert.Equal(["from/skopeo:2"], loaded.RepoTags);
        Assert.Equal(image.Config.Rootfs.DiffIds, loaded.Config.Rootfs.DiffIds);
        Assert.True(File.Exists(Path.Combine(store.Snapshots.LayerDir(loaded.ChainIds[0]), "bin/busybox")));
    }
}
