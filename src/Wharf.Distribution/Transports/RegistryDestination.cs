using Wharf.Distribution.Client;
using Wharf.Images.Copy;
using Wharf.Images.Progress;
using Wharf.Images.References;
using Wharf.Oci;
using Wharf.Oci.Image;

namespace Wharf.Distribution.Transports;

/// <summary>Pushes into a registry: blobs the registry has are skipped (HEAD), blobs it has in another repository
/// of the same registry are mounted, the rest uploaded; the manifest goes last, under the tag.</summary>
public sealed class RegistryDestination(RegistryClient client, ImageReference target, IReadOnlyList<ImageReference> mountCandidates) : IImageDestination
{
    private Digest _configDigest;
    private int _uploaded;

    public int MaxConcurrentLayers => client.Options.MaxConcurrentUploads;

    public string? WaitingStatus => "Waiting";

    public void Announce(LayerJob layer, Action<JsonMessage> progress) => progress(JsonMessage.Layer("Preparing", layer.ShortId));

    public async Task BeginAsync(ImageManifest manifest, byte[] config, Digest configDigest, CancellationToken ct)
    {
        _configDigest = configDigest;
        if (!await client.BlobExistsAsync(target, configDigest.ToString(), ct).ConfigureAwait(false))
            await client.UploadBlobAsync(target, manifest.Config, () => new MemoryStream(config), null, ct).ConfigureAwait(false);
    }

    public async Task PutLayerAsync(LayerJob layer, IImageSource source, Action<JsonMessage> progress, CancellationToken ct)
    {
        if (await client.BlobExistsAsync(target, layer.Blob.Digest, ct).ConfigureAwait(false))
        {
            progress(JsonMessage.Layer("Layer already exists", layer.ShortId));
            return;
        }
        foreach (var from in mountCandidates.Where(c => c.Domain == target.Domain && c.Path != target.Path).Select(c => c.Path).Distinct())
        {
            if (await client.MountBlobAsync(target, layer.Blob.Digest, from, ct).ConfigureAwait(false))
            {
                progress(JsonMessage.Layer($"Mounted from {from}", layer.ShortId));
                return;
            }
        }
        Interlocked.Increment(ref _uploaded);
        long total = layer.Blob.Size;
        await client.UploadBlobAsync(target, layer.Blob,
            () => source.OpenBlobAsync(layer.Blob, 0, ct).GetAwaiter().GetResult(),
            sent => progress(JsonMessage.Bar("Pushing", layer.ShortId, sent, total)), ct).ConfigureAwait(false);
        progress(JsonMessage.Layer("Pushed", layer.ShortId));
    }

    public async Task<CopyResult> CommitAsync(ManifestBlob manifest, ManifestBlob? index, CancellationToken ct)
    {
        var digest = await client.PutManifestAsync(target, target.Tag ?? manifest.Digest.ToString(), manifest, ct).ConfigureAwait(false);
        return new CopyResult(_configDigest, digest, manifest.Bytes.Length, _uploaded > 0);
    }
}
