using Wharf.Distribution.Client;
using Wharf.Images;
using Wharf.Images.Progress;

namespace Wharf.Distribution.Tests;

/// <summary>Pull by digest, --all-tags, and docker.io through a registry mirror (a local docker-registry).</summary>
public sealed class PullVariantsTests : IDisposable
{
    private readonly Scratch _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private static bool CanRun => DockerRegistry.Available && Environment.UserName == "root";

    private async Task<LocalImage> PushBusybox(DockerRegistry registry, params string[] paths)
    {
        var store = LocalImageStore.Open(_tmp.Sub("source"));
        var image = await store.ImportAsync(File.OpenRead(_tmp.BusyboxTar()), $"{registry.Host}/{paths[0]}", null, null, default);
        using var service = new ImageService(store);
        foreach (var path in paths)
        {
            store.Tag(image.Id.ToString(), $"{registry.Host}/{path}");
            await service.PushAsync($"{registry.Host}/{path}", null, _ => { }, default);
        }
        return store.Get($"{registry.Host}/{paths[0]}");
    }

    [SkippableFact]
    public async Task Pull_by_digest_records_the_digest_and_no_tag()
    {
        Skip.IfNot(CanRun, "needs root and docker-registry");
        using var registry = new DockerRegistry();
        var pushed = await PushBusybox(registry, "dig/bb:1");
        string digestRef = pushed.RepoDigests.Single(d => d.StartsWith($"{registry.Host}/dig/bb@"));

        var store = LocalImageStore.Open(_tmp.Sub("data"));
        using var service = new ImageService(store);
        var messages = new List<JsonMessage>();
        var image = await service.PullAsync(digestRef, null, null, messages.Add, default);
        Assert.Equal(pushed.Id, image.Id);
        Assert.Empty(image.RepoTags);
        Assert.Equal([digestRef], image.RepoDigests);
        Assert.Contains(messages, m => m.Status == $"Status: Downloaded newer image for {digestRef}");
        Assert.Equal(image.Id, store.Resolve(digestRef)!.Id);
    }

    [SkippableFact]
    public async Task Two_concurrent_pulls_of_one_image_both_succeed()
    {
        Skip.IfNot(CanRun, "needs root and docker-registry");
        using var registry = new DockerRegistry();
        var pushed = await PushBusybox(registry, "twice/bb:1");
        var store = LocalImageStore.Open(_tmp.Sub("data"));
        using var service = new ImageService(store);
        var pulls = Enumerable.Range(0, 2).Select(_ => service.PullAsync($"{registry.Host}/twice/bb:1", null, null, _ => { }, default)).ToList();
        var images = await Task.WhenAll(pulls);
        Assert.All(images, i => Assert.Equal(pushed.Id, i.Id));
        Assert.Single(store.List());
        Assert.Single(store.Snapshots.ListLayers());
    }

    [SkippableFact]
    public async Task All_tags_pulls_every_tag_of_the_repository()
    {
        Skip.IfNot(CanRun, "needs root and docker-registry");
        using var registry = new DockerRegistry();
        await PushBusybox(registry, "many/bb:a", "many/bb:b", "many/bb:c");
        var store = LocalImageStore.Open(_tmp.Sub("data"));
        using var service = new ImageService(store);
        await service.PullAllTagsAsync($"{registry.Host}/many/bb", null, null, _ => { }, default);
        Assert.Equal([$"{registry.Host}/many/bb:a", $"{registry.Host}/many/bb:b", $"{registry.Host}/many/bb:c"], Assert.Single(store.List()).RepoTags);
    }

    [SkippableFact]
    public async Task Docker_hub_names_are_pulled_through_the_configured_mirror()
    {
        Skip.IfNot(CanRun, "needs root and docker-registry");
        using var mirror = new DockerRegistry();
        var pushed = await PushBusybox(mirror, "library/mirrored:1");
        var store = LocalImageStore.Open(_tmp.Sub("data"));
        using var service = new ImageService(store, new RegistryOptions { Mirrors = [$"http://{mirror.Host}"] });
        var image = await service.PullAsync("mirrored:1", null, null, _ => { }, default);
        Assert.Equal(pushed.Id, image.Id);
        Assert.Equal(["mirrored:1"], image.RepoTags);
        Assert.StartsWith("mirrored@sha256:", Assert.Single(image.RepoDigests));
    }
}
