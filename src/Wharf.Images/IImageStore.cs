using Wharf.Oci;
using Wharf.Oci.Image;

namespace Wharf.Images;

/// <summary>The daemon's local images: names, configs and layers. The engine and the API talk to this seam only.</summary>
public interface IImageStore
{
    /// <summary>Finds an image by name[:tag], name@digest, full ID (sha256:…) or unique ID prefix; null when unknown.</summary>
    LocalImage? Resolve(string reference);

    IReadOnlyList<LocalImage> List();

    /// <summary>Imports a root filesystem tarball (plain, gzip or zstd) as a one-layer image, like <c>docker import</c>.
    /// <paramref name="reference"/> may be null (untagged image). <paramref name="config"/> carries --change results.</summary>
    Task<LocalImage> ImportAsync(Stream rootfsTar, string? reference, ContainerConfig? config, string? message, CancellationToken ct);

    /// <summary>Adds a name to an image (<c>docker tag</c>); an existing name moves to this image.</summary>
    void Tag(string sourceReference, string targetReference);

    /// <summary>Untags and/or deletes like <c>DELETE /images/{name}</c>; returns the Untagged/Deleted items in order.
    /// Whether a container uses the image is the engine's check, made before this call.</summary>
    IReadOnlyList<ImageDeleteItem> Remove(string reference, bool force, bool noPrune);

    /// <summary>The image's layer history, newest first, as <c>docker history</c> shows it.</summary>
    IReadOnlyList<ImageHistoryItem> History(string reference);
}

/// <summary>An image as the store knows it.</summary>
public sealed record LocalImage(
    Digest Id,                                  // digest of the config blob
    ImageConfig Config,
    IReadOnlyList<string> RepoTags,              // familiar form: "busybox:latest", "localhost:5000/x:1"
    IReadOnlyList<string> RepoDigests,           // "busybox@sha256:…"
    IReadOnlyList<string> ChainIds,              // one per layer, bottom first; the top one keys the snapshot
    long Size,                                   // unpacked size in bytes
    DateTimeOffset Created);

public sealed record ImageDeleteItem(string? Untagged, string? Deleted);

public sealed record ImageHistoryItem(string Id, DateTimeOffset Created, string CreatedBy, IReadOnlyList<string> Tags, long Size, string Comment);
