using Wharf.Images.Progress;
using Wharf.Oci;
using Wharf.Oci.Image;

namespace Wharf.Images.Copy;

/// <summary>One layer to move: its blob descriptor and where it sits in the image's layer chain.</summary>
public sealed record LayerJob(int Index, Descriptor Blob, string DiffId, string ChainId, string? ParentChainId)
{
    /// <summary>The id docker prints on progress lines: 12 hex characters of the blob digest.</summary>
    public string ShortId => Digest.Parse(Blob.Digest).Short;
}

/// <summary>A place an image can be written to (local store, registry, archive): the copy engine's output.</summary>
public interface IImageDestination
{
    /// <summary>How many layers may be written at once (an archive writes one tar sequentially: 1).</summary>
    int MaxConcurrentLayers { get; }

    /// <summary>What a layer queued behind <see cref="MaxConcurrentLayers"/> shows until a slot frees ("Waiting", as
    /// dockerd says for pulls and pushes), or null to show nothing.</summary>
    string? WaitingStatus { get; }

    /// <summary>Sends a layer's first progress line ("Pulling fs layer", "Preparing"), if any. Called for every layer,
    /// in order, before any layer is transferred, so the CLI lists them all from the start.</summary>
    void Announce(LayerJob layer, Action<JsonMessage> progress);

    /// <summary>Receives the verified config before any layer.</summary>
    Task BeginAsync(ImageManifest manifest, byte[] config, Digest configDigest, CancellationToken ct);

    Task PutLayerAsync(LayerJob layer, IImageSource source, Action<JsonMessage> progress, CancellationToken ct);

    /// <summary>Writes the manifest (and the index it was chosen from) once every layer is in.</summary>
    Task<CopyResult> CommitAsync(ManifestBlob manifest, ManifestBlob? index, CancellationToken ct);
}

/// <summary>What a copy produced: the image ID (config digest) and the digest it is known by at the destination.</summary>
public sealed record CopyResult(Digest ImageId, Digest ManifestDigest, long ManifestSize, bool AnyNewLayer);
