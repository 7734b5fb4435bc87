using System.Text.Json;

/// <summary>
/// Whole images moved the way docker and containerd move them, at the protocol level (no client-side disk or
/// compression work). COUNT distinct images, so no blob of one is deduplicated or mounted from another.
/// Push: HEAD of each layer (404 expected), then POST + PATCH + PUT, the layers of one image 3 at a time; then
/// the config the same way; then the manifest, PUT by tag. Pull: the manifest by tag (its digest checked), the
/// config, then the layers 3 at a time, every blob read to the end and its SHA-256 and size checked against
/// its descriptor.
/// </summary>
sealed class ImageLoad(RegistryCalls registry, string label, int imageMb, int layerCount, int count) : ILoad
{
    // docker pushes up to 5 layers at once (max-concurrent-uploads); 3 here, the same as pulls, so a 4-layer
    // image is not pushed all at once. docker pulls 3 at once (max-concurrent-downloads).
    const int ParallelUploads = 3;
    const int ParallelDownloads = 3;
    const string Tag = "bench";

    readonly string repoPrefix = RegistryCalls.UniqueRepository(label);
    // Generated when the load is made, before timing starts.
    readonly BenchImage[] images = Enumerable.Range(0, count)
        .Select(_ => BenchImage.Create(layerCount, (int)((long)imageMb * 1024 * 1024 / layerCount))).ToArray();

    public string CaseName => $"{imageMb}MB-image";

    public long BytesPerItem => images[0].TotalBytes;

    string Repository(int i) => $"{repoPrefix}/image-{i}";

    public async Task PushAsync(int i)
    {
        var image = images[i];
        var repo = Repository(i);
        await Parallel.ForEachAsync(Enumerable.Range(0, image.Layers.Length), new ParallelOptions { MaxDegreeOfParallelism = ParallelUploads },
            async (l, _) => await PushNewBlobAsync(repo, image.Layers[l], image.LayerDescriptors[l]));
        await PushNewBlobAsync(repo, image.Config, image.ConfigDescriptor);
        await registry.PutManifestAsync(repo, Tag, image.Manifest, MediaTypes.OciManifest);
    }

    async Task PushNewBlobAsync(string repo, byte[] bytes, Descriptor blob)
    {
        if (await registry.BlobExistsAsync(repo, blob.Digest))
            throw new InvalidOperationException($"HEAD {repo}@{blob.Digest}: the registry already has a blob this run generated");
        await registry.PushBlobAsync(repo, bytes, blob.Digest);
    }

    public async Task PullAsync(int i)
    {
        var repo = Repository(i);
        var manifest = await registry.GetManifestAsync(repo, Tag);
        var digest = RegistryCalls.Sha256Digest(manifest);
        if (digest != images[i].ManifestDigest)
            throw new InvalidDataException($"GET manifest {repo}:{Tag}: digest {digest}, pushed {images[i].ManifestDigest}");
        // What to fetch comes from the manifest the registry returned, as for a real client.
        Descriptor config;
        Descriptor[] layers;
        using (var doc = JsonDocument.Parse(manifest))
        {
            config = Descriptor.Parse(doc.RootElement.GetProperty("config"));
            layers = doc.RootElement.GetProperty("layers").EnumerateArray().Select(Descriptor.Parse).ToArray();
        }
        await registry.ReadVerifiedBlobAsync(repo, config);
        await Parallel.ForEachAsync(layers, new ParallelOptions { MaxDegreeOfParallelism = ParallelDownloads },
            async (layer, _) => await registry.ReadVerifiedBlobAsync(repo, layer));
    }
}
