using Wharf.Images.Content;
using Wharf.Images.Layers;
using Wharf.Images.Progress;
using Wharf.Images.References;
using Wharf.Oci;
using Wharf.Oci.Image;

namespace Wharf.Images.Copy;

/// <summary>Writes an image into the local store: each layer is downloaded, verified, decompressed and unpacked
/// in one streaming pass; the snapshot and blob become visible only after both digests check out.</summary>
public sealed class LocalStoreDestination(LocalImageStore store, IReadOnlyList<ImageReference> tags, string? repository) : IImageDestination, IDisposable
{
    private readonly Store.Lease _lease = store.Lease();
    private Digest _configDigest;
    private int _newLayers;
    // Layers of this copy by chain ID, completed when committed: a child that hard-links into its parent waits here.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource> _committed = new();

    public int MaxConcurrentLayers { get; init; } = 3;

    /// <summary>Download attempts per layer (dockerd: 5); each resumes what the one before had fetched.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The wait before attempt n+1 is n times this (dockerd: 5 s, 10 s, …).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Load reports one "Loading layer" bar per layer instead of pull's download/extract lines.</summary>
    public bool LoadStyleProgress { get; init; }

    public string? WaitingStatus => LoadStyleProgress ? null : "Waiting";

    public void Announce(LayerJob layer, Action<JsonMessage> progress)
    {
        if (!LoadStyleProgress && !IsStored(layer)) progress(JsonMessage.Layer("Pulling fs layer", layer.ShortId));
    }

    private bool IsStored(LayerJob layer) => store.Snapshots.HasLayer(layer.ChainId) && store.Content.Exists(Digest.Parse(layer.Blob.Digest));

    public Task BeginAsync(ImageManifest manifest, byte[] config, Digest configDigest, CancellationToken ct)
    {
        _lease.Add(configDigest.ToString());
        store.Content.Put(config);
        _configDigest = configDigest;
        return Task.CompletedTask;
    }

    public async Task PutLayerAsync(LayerJob layer, IImageSource source, Action<JsonMessage> progress, CancellationToken ct)
    {
        var blobDigest = Digest.Parse(layer.Blob.Digest);
        _lease.Add(layer.Blob.Digest);
        _lease.Add(layer.ChainId);
        var done = _committed.GetOrAdd(layer.ChainId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await PutLayerCoreAsync(layer, blobDigest, source, progress, ct).ConfigureAwait(false);
            done.TrySetResult();
        }
        catch (Exception e)
        {
            done.TrySetException(e);
            throw;
        }
    }

    private async Task PutLayerCoreAsync(LayerJob layer, Digest blobDigest, IImageSource source, Action<JsonMessage> progress, CancellationToken ct)
    {
        if (IsStored(layer))
        {
            progress(JsonMessage.Layer("Already exists", layer.ShortId));
            return;
        }
        Interlocked.Increment(ref _newLayers);
        await Task.Run(() => Download(layer, blobDigest, source, progress, ct), ct).ConfigureAwait(false);
        if (!LoadStyleProgress) progress(JsonMessage.Layer("Pull complete", layer.ShortId));
    }

    /// <summary>Downloads and unpacks a layer in up to <see cref="MaxAttempts"/> attempts, like dockerd. The ingest is
    /// named after the blob, so an attempt (or a later pull) that follows a network failure resumes it: the bytes
    /// already there are re-hashed and replayed to the unpacker, and only the rest is asked for, with Range.</summary>
    private void Download(LayerJob layer, Digest blobDigest, IImageSource source, Action<JsonMessage> progress, CancellationToken ct)
    {
        for (int attempt = 1; ; attempt++)
        {
            var writer = OpenIngest(blobDigest);
            bool keep = false;
            try
            {
                DownloadOnce(layer, blobDigest, writer, source, progress, ct);
                return;
            }
            catch (Exception e) when (LaterAttemptMayWork(e) && !ct.IsCancellationRequested)
            {
                keep = e is not RangeNotSupportedException; // a registry without Range support: start over
                if (attempt >= MaxAttempts) throw;
                var delay = RetryDelay * attempt;
                progress(JsonMessage.Layer($"Retrying in {Math.Ceiling(delay.TotalSeconds)} second{(delay.TotalSeconds > 1 ? "s" : "")}", layer.ShortId));
                writer.Dispose();
                ct.WaitHandle.WaitOne(delay);
                ct.ThrowIfCancellationRequested();
            }
            finally
            {
                if (keep) writer.Dispose(); // closes the file, keeps the bytes
                else writer.Abort();        // no-op after a commit; otherwise nothing unverified stays behind
            }
        }
    }

    /// <summary>A network failure that outlived the reconnects within one attempt, or a server error (5xx, 429).</summary>
    private static bool LaterAttemptMayWork(Exception e) =>
        e is DownloadInterruptedException || e is BlobOpenException { LaterAttemptMayWork: true };

    /// <summary>The blob's resumable ingest; a fresh one when another pull is writing the same blob right now.</summary>
    private ContentWriter OpenIngest(Digest blobDigest)
    {
        try { return store.Content.OpenWriter("layer-" + blobDigest); }
        catch (IOException) { return store.Content.OpenUniqueWriter(); }
    }

    private void DownloadOnce(LayerJob layer, Digest blobDigest, ContentWriter writer, IImageSource source, Action<JsonMessage> progress, CancellationToken ct)
    {
        long total = layer.Blob.Size, lastReport = 0;
        var network = new ResumingStream((offset, c) => source.OpenBlobAsync(layer.Blob, offset, c), writer.ResumedFrom, 5, ct);
        // One pass: new bytes go to the ingest (which hashes them) and on to the decompressor, after the bytes an
        // earlier attempt left there.
        var fresh = new HashingReadStream(network, bytes =>
        {
            writer.Write(bytes);
            long now = writer.Offset;
            if (now - lastReport >= 512 * 1024 || now == total) { lastReport = now; progress(JsonMessage.Bar(LoadStyleProgress ? "Loading layer" : "Downloading", layer.ShortId, now, total)); }
        }, computeHash: false);
        using var blob = writer.ResumedFrom > 0 ? new Streams.ConcatenatedStream(writer.ReadResumedBytes(), fresh) : (Stream)fresh;
        void Finish()
        {
            Drain(blob);
            if (!LoadStyleProgress) progress(JsonMessage.Layer("Verifying Checksum", layer.ShortId));
            writer.Commit(layer.Blob.Size, blobDigest);
            if (!LoadStyleProgress) progress(JsonMessage.Layer("Download complete", layer.ShortId));
        }
        try
        {
            if (store.Snapshots.HasLayer(layer.ChainId)) { Finish(); return; }
            var compression = Decompression.FromMediaType(layer.Blob.MediaType);
            store.UnpackLayer(blob, compression, layer.ParentChainId, diffId =>
            {
                if (diffId.ToString() != layer.DiffId)
                    throw new DigestMismatchException($"layer {layer.Blob.Digest}: diff ID {diffId} does not match the config's {layer.DiffId}");
                Finish();
                if (!LoadStyleProgress) progress(JsonMessage.Bar("Extracting", layer.ShortId, total, total));
                return layer.ChainId;
            }, ct, () => ParentDirs(layer.ParentChainId));
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException
            or ZstdSharp.ZstdException && !ct.IsCancellationRequested)
        {
            // Undecodable bytes are most often corrupted ones: check the digest so the error names the real cause.
            try { Drain(blob); } catch (IOException) { }
            if (writer.CurrentDigest() != blobDigest)
                throw new DigestMismatchException($"digest mismatch for layer {layer.Blob.Digest}: got {writer.CurrentDigest()}; nothing was stored");
            throw new LayerRejectedException($"layer {layer.Blob.Digest} is not a valid {layer.Blob.MediaType}: {e.Message}");
        }
    }

    /// <summary>Reads the rest of the blob (e.g. the zero blocks after a tar's end) so the ingest holds all of it.</summary>
    private static void Drain(Stream blob)
    {
        var buffer = new byte[1 << 16];
        while (blob.Read(buffer) > 0) { }
    }

    /// <summary>The parent's directories for hard links into lower layers, waiting for the parent when this copy
    /// is still unpacking it.</summary>
    private IReadOnlyList<string> ParentDirs(string? parent)
    {
        if (parent is null) return [];
        if (!store.Snapshots.HasLayer(parent))
            _committed.GetOrAdd(parent, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task.GetAwaiter().GetResult();
        return store.Snapshots.HasLayer(parent) ? store.Snapshots.LowerDirs(parent) : [];
    }

    public Task<CopyResult> CommitAsync(ManifestBlob manifest, ManifestBlob? index, CancellationToken ct)
    {
        _lease.Add(manifest.Digest.ToString());
        if (Digest.Sha256(manifest.Bytes) != manifest.Digest) throw new DigestMismatchException($"manifest digest mismatch: expected {manifest.Digest}");
        store.Content.Put(manifest.Bytes);
        var indexes = new List<Digest>();
        if (index is not null)
        {
            _lease.Add(index.Digest.ToString());
            store.Content.Put(index.Bytes);
            indexes.Add(index.Digest);
        }
        var pulledBy = index?.Digest ?? manifest.Digest;
        var repoDigests = repository is null ? [] : new[] { ImageReference.ParseNoDefaultTag(repository).WithDigest(pulledBy) };
        store.AddImage(_configDigest, manifest.Digest, tags, repoDigests, indexes);
        return Task.FromResult(new CopyResult(_configDigest, pulledBy, (index ?? manifest).Bytes.Length, _newLayers > 0));
    }

    public void Dispose() => _lease.Dispose();
}
