using Wharf.Distribution.Client;
using Wharf.Images;
using Wharf.Images.Progress;

namespace Wharf.Distribution.Tests;

/// <summary>Push to and pull from Debian's docker-registry, with skopeo and umoci as the other peers.</summary>
public sealed class RegistryInteropTests : IDisposable
{
    private readonly Scratch _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private static bool CanRun => DockerRegistry.Available && Environment.UserName == "root" && File.Exists("/usr/bin/skopeo");

    [SkippableFact]
    public async Task Push_then_pull_back_into_an_empty_store_gives_the_same_image_and_files()
    {
        Skip.IfNot(CanRun, "needs root, docker-registry and skopeo");
        using var registry = new DockerRegistry();
        var store = LocalImageStore.Open(_tmp.Sub("a"));
        var imported = await store.ImportAsync(File.OpenRead(_tmp.BusyboxTar()), $"{registry.Host}/test/bb:v1", null, null, default);
        using var service = new ImageService(store);
        var pushed = new List<JsonMessage>();
        await service.PushAsync($"{registry.Host}/test/bb:v1", null, pushed.Add, default);
        Assert.Contains(pushed, m => m.Status == "Pushed");
        Assert.Contains(pushed, m => m.Status?.StartsWith("v1: digest: sha256:") == true);

        // Pushing again skips every blob (HEAD).
        var again = new List<JsonMessage>();
        await service.PushAsync($"{registry.Host}/test/bb:v1", null, again.Add, default);
        Assert.Contains(again, m => m.Status == "Layer already exists");

        // skopeo sees a valid image.
        string inspect = Scratch.Run("/usr/bin/skopeo", "inspect", "--tls-verify=false", $"docker://{registry.Host}/test/bb:v1");
        Assert.Contains(imported.Config.Rootfs.DiffIds[0], inspect);

        var fresh = LocalImageStore.Open(_tmp.Sub("b"));
        using var puller = new ImageService(fresh);
        var messages = new List<JsonMessage>();
        var pulled = await puller.PullAsync($"{registry.Host}/test/bb:v1", null, null, messages.Add, default);
        Assert.Equal(imported.Id, pulled.Id);
        Assert.Equal([$"{registry.Host}/test/bb:v1"], pulled.RepoTags);
        Assert.StartsWith($"{registry.Host}/test/bb@sha256:", Assert.Single(pulled.RepoDigests));
        Assert.Contains(messages, m => m.Status == "Pull complete");
        Assert.Contains(messages, m => m.Status == $"Status: Downloaded newer image for {registry.Host}/test/bb:v1");
        Assert.Contains(messages, m => m is { Status: "Downloading", ProgressDetail.Total: > 0 });
        string layer = fresh.Snapshots.LayerDir(pulled.ChainIds[0]);
        Assert.Equal(new FileInfo("/bin/busybox").Length, new FileInfo(Path.Combine(layer, "bin/busybox")).Length);

        var second = new List<JsonMessage>();
        await puller.PullAsync($"{registry.Host}/test/bb:v1", null, null, second.Add, default);
        Assert.Contains(second, m => m.Status == "Already exists");
        Assert.Contains(second, m => m.Status == $"Status: Image is up to date for {registry.Host}/test/bb:v1");
    }

    [SkippableFact]
    public async Task Image_copied_in_by_skopeo_from_an_umoci_oci_layout_pulls_with_gzip_layers()
    {
        Skip.IfNot(CanRun && File.Exists("/usr/bin/umoci"), "needs root, docker-registry, skopeo and umoci");
        using var registry = new DockerRegistry();
        string layout = _tmp.Sub("layout");
        Scratch.Run("/usr/bin/umoci", "init", "--layout", layout);
        Scratch.Run("/usr/bin/umoci", "new", "--image", layout + ":t");
        string bundle = _tmp.Sub("bundle");
        Scratch.Run("/usr/bin/umoci", "unpack", "--image", layout + ":t", bundle);
        Directory.CreateDirectory(Path.Combine(bundle, "rootfs/etc"));
        File.WriteAllText(Path.Combine(bundle, "rootfs/etc/made-by"), "umoci\n");
        Scratch.Run("/usr/bin/umoci", "repack", "--image", layout + ":t", bundle);
        Scratch.Run("/usr/bin/skopeo", "copy", "--dest-tls-verify=false", $"oci:{layout}:t", $"docker://{registry.Host}/umoci/img:t");

        var store = LocalImageStore.Open(_tmp.Sub("data"));
        using var service = new ImageService(store);
        var image = await service.PullAsync($"{registry.Host}/umoci/img:t", "linux/amd64", null, _ => { }, default);
        string top = store.Snapshots.LayerDir(image.ChainIds[^1]);
        Assert.Equal("umoci\n", File.ReadAllText(Path.Combine(top, "etc/made-by")));
    }

    [SkippableFact]
    public async Task Chunked_upload_then_cross_repository_mount()
    {
        Skip.IfNot(CanRun, "needs root, docker-registry and skopeo");
        using var registry = new DockerRegistry();
        var store = LocalImageStore.Open(_tmp.Sub("data"));
        var image = await store.ImportAsync(File.OpenRead(_tmp.BusyboxTar()), $"{registry.Host}/first/bb:1", null, null, default);
        using var service = new ImageService(store, new RegistryOptions { ChunkSize = 256 * 1024 });
        var first = new List<JsonMessage>();
        await service.PushAsync($"{registry.Host}/first/bb:1", null, first.Add, default);
        // More than one Pushing line per layer: the upload went in 256 kB chunks.
        Assert.True(first.Count(m => m.Status == "Pushing") > 2, "expected several chunks");

        store.Tag($"{registry.Host}/first/bb:1", $"{registry.Host}/second/bb:1");
        var second = new List<JsonMessage>();
        await service.PushAsync($"{registry.Host}/second/bb:1", null, second.Add, default);
        Assert.Contains(second, m => m.Status == "Mounted from first/bb");
        Assert.DoesNotContain(second, m => m.Status == "Pushing");

        string inspect = Scratch.Run("/usr/bin/skopeo", "inspect", "--tls-verify=false", $"docker://{registry.Host}/second/bb:1");
        Assert.Contains(image.Config.Rootfs.DiffIds[0], inspect);
    }

    [SkippableFact]
    public async Task Basic_auth_registry_needs_the_right_password()
    {
        Skip.IfNot(CanRun, "needs root, docker-registry and skopeo");
        using var registry = new DockerRegistry("alice", "s3cret");
        var store = LocalImageStore.Open(_tmp.Sub("data"));
        await store.ImportAsync(File.OpenRead(_tmp.BusyboxTar()), $"{registry.Host}/private/bb:1", null, null, default);
        using var service = new ImageService(store);

        var denied = await Assert.ThrowsAsync<RegistryException>(() => service.PushAsync($"{registry.Host}/private/bb:1", null, _ => { }, default));
        Assert.Contains("unauthorized", denied.Message);
        var wrong = new RegistryAuth { Username = "alice", Password = "nope" };
        await Assert.ThrowsAsync<RegistryException>(() => service.LoginAsync(new RegistryAuth { Username = "alice", Password = "nope", ServerAddress = registry.Host }, default));

        var good = RegistryAuth.Decode(new RegistryAuth { Username = "alice", Password = "s3cret", ServerAddress = registry.Host }.Encode())!;
        Assert.Equal("Login Succeeded", await service.LoginAsync(good, default));
        await service.PushAsync($"{registry.Host}/private/bb:1", good, _ => { }, default);
        var other = LocalImageStore.Open(_tmp.Sub("other"));
        using var puller = new ImageService(other);
        await Assert.ThrowsAsync<RegistryException>(() => puller.PullAsync($"{registry.Host}/private/bb:1", null, wrong, _ => { }, default));
        var pulled = await puller.PullAsync($"{registry.Host}/private/bb:1", null, good, _ => { }, default);
        Assert.Single(pulled.ChainIds);
    }
}
