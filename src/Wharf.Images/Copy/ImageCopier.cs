using System.Text.Json;
using Wharf.Images.Content;
using Wharf.Images.Progress;
using Wharf.Images.Store;
using Wharf.Oci;
using Wharf.Oci.Image;

namespace Wharf.Images.Copy;

/// <summary>The one copy pipeline behind pull, push, save and load: resolve the manifest (choosing a platform from
/// an index), fetch and verify the config, move the layers (several at once), then commit the manifest.</summary>
public static class ImageCopier
{
    public const long MaxManifestOrConfigBytes = 8 << 20;

    public static async Task<CopyResult> CopyAsync(IImageSource source, IImageDestination destination, PlatformSpec platform,
        Action<JsonMessage> progress, CancellationToken ct)
    {
        var top = await source.GetManifestAsync(null, ct).ConfigureAwait(false);
        ManifestBlob? index = null;
        var chosen = top;
        if (ManifestParser.IsIndex(top))
        {
            index = top;
            var entry = ManifestParser.SelectPlatform(ManifestParser.ParseIndex(top), platform);
            chosen = await source.GetManifestAsync(Digest.Parse(entry.Digest), ct).ConfigureAwait(false);
        }
        var manifest = ManifestParser.ParseManifest(chosen);
        var configDigest = Digest.Parse(manifest.Config.Digest);
        byte[] config = await ReadVerifiedAsync(source, manifest.Config, ct).ConfigureAwait(false);
        var imageConfig = JsonSerializer.Deserialize(config, OciJson.Default.ImageConfig)
            ?? throw new UnsupportedMediaTypeException("invalid image config: empty");
        var diffIds = imageConfig.Rootfs.DiffIds;
        if (diffIds.Count != manifest.Layers.Count)
            throw new UnsupportedMediaTypeException($"image config lists {diffIds.Count} layers but the manifest has {manifest.Layers.Count}");

        await destination.BeginAsync(manifest, config, configDigest, ct).ConfigureAwait(false);
        var chains = ChainIds.From(diffIds);
        var jobs = manifest.Layers.Select((layer, i) => new LayerJob(i, layer, diffIds[i], chains[i], i == 0 ? null : chains[i - 1])).ToList();
        foreach (var job in jobs) destination.Announce(job, progress);
        using var gate = new SemaphoreSlim(destination.MaxConcurrentLayers);
        var tasks = jobs.Select(async job =>
        {
            if (!gate.Wait(0))
            {
                if (destination.WaitingStatus is { } waiting) progress(JsonMessage.Layer(waiting, job.ShortId));
                await gate.WaitAsync(ct).ConfigureAwait(false);
            }
            try { await destination.PutLayerAsync(job, source, progress, ct).ConfigureAwait(false); }
            finally { gate.Release(); }
        }).ToList();
        await Task.WhenAll(tasks).ConfigureAwait(false);
        return await destination.CommitAsync(chosen, index, ct).ConfigureAwait(false);
    }

    /// <summary>Reads a small blob (config) whole and checks its digest and size.</summary>
    public static async Task<byte[]> ReadVerifiedAsync(IImageSource source, Descriptor blob, CancellationToken ct)
    {
        if (blob.Size > MaxManifestOrConfigBytes) throw new UnsupportedMediaTypeException($"blob {blob.Digest} is too large for a config ({blob.Size} bytes)");
        using var stream = await source.OpenBlobAsync(blob, 0, ct).ConfigureAwait(false);
        var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct).ConfigureAwait(false);
        var bytes = buffer.ToArray();
        var actual = Digest.Sha256(bytes);
        if (actual.ToString() != blob.Digest || bytes.Length != blob.Size)
            throw new DigestMismatchException($"digest mismatch for {blob.Digest}: got {actual} ({bytes.Length} bytes)");
        return bytes;
    }
}
