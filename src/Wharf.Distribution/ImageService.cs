using Wharf.Distribution.Client;
using Wharf.Distribution.Transports;
using Wharf.Images;
using Wharf.Images.Copy;
using Wharf.Images.Progress;
using Wharf.Images.References;

namespace Wharf.Distribution;

/// <summary>What the daemon's image routes call: pull, push and login over the one copy engine, with progress as
/// Docker's JSON messages. Errors are thrown (RegistryException, ReferenceFormatException, DigestMismatchException,
/// UnsupportedMediaTypeException, LayerRejectedException); the route writes them as an errorDetail line.</summary>
public sealed class ImageService(LocalImageStore store, RegistryOptions? options = null) : IDisposable
{
    private readonly RegistryOptions _options = options ?? new RegistryOptions();
    private readonly RegistryClient _anonymous = new(options);

    public LocalImageStore Store => store;

    /// <summary><c>docker pull</c>. <paramref name="reference"/> without tag means ":latest".</summary>
    public async Task<LocalImage> PullAsync(string reference, string? platform, RegistryAuth? auth, Action<JsonMessage> progress, CancellationToken ct)
    {
        var named = ImageReference.Parse(reference);
        var wanted = PlatformSpec.Parse(platform);
        using var scoped = auth is null ? null : new RegistryClient(_options, _ => auth);
        var client = scoped ?? _anonymous;
        var before = store.Resolve(named.ToString())?.Id;
        progress(JsonMessage.Of($"Pulling from {named.Path}", named.Tag ?? named.Digest?.ToString()));
        using var destination = new LocalStoreDestination(store, named.Tag is null ? [] : [named], named.Repository)
        {
            MaxConcurrentLayers = _options.MaxConcurrentDownloads,
            MaxAttempts = _options.MaxDownloadAttempts,
            RetryDelay = _options.DownloadRetryDelay,
        };
        var result = await ImageCopier.CopyAsync(new RegistrySource(client, named), destination, wanted, progress, ct).ConfigureAwait(false);
        progress(JsonMessage.Of($"Digest: {result.ManifestDigest}"));
        bool fresh = result.AnyNewLayer || before != result.ImageId;
        progress(JsonMessage.Of(fresh ? $"Status: Downloaded newer image for {named.Familiar}" : $"Status: Image is up to date for {named.Familiar}"));
        return store.Get(named.Digest is not null ? named.Repository + "@" + named.Digest : named.ToString());
    }

    /// <summary><c>docker pull --all-tags</c>.</summary>
    public async Task PullAllTagsAsync(string repository, string? platform, RegistryAuth? auth, Action<JsonMessage> progress, CancellationToken ct)
    {
        var named = ImageReference.ParseNoDefaultTag(repository);
        using var scoped = auth is null ? null : new RegistryClient(_options, _ => auth);
        foreach (var tag in await (scoped ?? _anonymous).ListTagsAsync(named, ct).ConfigureAwait(false))
            await PullAsync(named.WithTag(tag).ToString(), platform, auth, progress, ct).ConfigureAwait(false);
    }

    /// <summary><c>docker push</c> of one tag (or every tag of the repository when none is given, as Docker does).</summary>
    public async Task PushAsync(string reference, RegistryAuth? auth, Action<JsonMessage> progress, CancellationToken ct)
    {
        var named = ImageReference.ParseNoDefaultTag(reference);
        var tags = named.Tag is not null ? [named]
            : store.List().SelectMany(i => i.RepoTags).Select(ImageReference.Parse).Where(t => t.Repository == named.Repository).ToList();
        if (tags.Count == 0) throw new Images.Store.ImageNotFoundException(reference);
        using var scoped = auth is null ? null : new RegistryClient(_options, _ => auth);
        var client = scoped ?? _anonymous;
        progress(JsonMessage.Of($"The push refers to repository [{named.Repository}]"));
        foreach (var tag in tags)
        {
            var image = store.Get(tag.ToString());
            var mountFrom = image.RepoDigests.Select(ImageReference.ParseNoDefaultTag).ToList();
            var result = await ImageCopier.CopyAsync(new LocalStoreSource(store, image), new RegistryDestination(client, tag, mountFrom),
                PlatformSpec.Host, progress, ct).ConfigureAwait(false);
            store.AddImage(image.Id, null, [], [tag.WithDigest(result.ManifestDigest)]);
            progress(JsonMessage.Of($"{tag.Tag}: digest: {result.ManifestDigest} size: {result.ManifestSize}"));
        }
    }

    /// <summary><c>docker login</c>: checks the credentials against the registry's <c>/v2/</c>.</summary>
    public async Task<string> LoginAsync(RegistryAuth auth, CancellationToken ct)
    {
        string server = string.IsNullOrEmpty(auth.ServerAddress) ? "docker.io" : auth.ServerAddress;
        server = server.Replace("https://", "").Replace("http://", "").TrimEnd('/');
        if (server.EndsWith("/v1", StringComparison.Ordinal) || server.EndsWith("/v2", StringComparison.Ordinal)) server = server[..^3];
        if (server is "index.docker.io") server = "docker.io";
        using var client = new RegistryClient(_options, _ => auth);
        await client.LoginAsync(server, ct).ConfigureAwait(false);
        return "Login Succeeded";
    }

    public void Dispose() => _anonymous.Dispose();
}
