using System.Text.Json;
using Wharf.Images.Layers;
using Wharf.Images.References;
using Wharf.Oci;
using Wharf.Oci.Image;

namespace Wharf.Images;

public sealed partial class LocalImageStore
{
    /// <summary><c>docker commit</c>: the container's upper dir becomes a new layer (overlay whiteouts turned back
    /// into <c>.wh.</c> entries) on top of its image; config, history and manifest extend the parent's.</summary>
    public Task<LocalImage> CommitAsync(CommitRequest request, CancellationToken ct) => Task.Run(() => Commit(request, ct), ct);

    private LocalImage Commit(CommitRequest request, CancellationToken ct)
    {
        var tag = request.Reference is null ? null : ImageReference.Parse(request.Reference);
        if (tag?.Digest is not null) throw new ReferenceFormatException("refusing to create a tag with a digest reference");
        string upper = Snapshots.UpperDir(request.SnapshotKey);
        string? parentChain = Snapshots.ParentOf(request.SnapshotKey);
        using var lease = Lease();

        // 1. The diff as a tar blob (uncompressed: its digest is its diff ID).
        Digest diffId;
        using (var writer = Content.OpenUniqueWriter())
        {
            using (var stream = writer.AsStream()) DirectoryTarWriter.Write(upper, stream, overlayWhiteouts: true);
            diffId = writer.CurrentDigest();
            lease.Add(diffId.ToString());
            writer.Commit(-1, diffId);
        }
        // 2. The same diff as a committed snapshot on the container's parent.
        string chain = Store.ChainIds.Next(parentChain, diffId.ToString());
        lease.Add(chain);
        if (!Snapshots.HasLayer(chain))
            using (var blob = Content.OpenRead(diffId))
                UnpackLayer(blob, Compression.None, parentChain, _ => chain, ct);

        // 3. Config and manifest extend the parent image's.
        var parent = request.ParentImageId is null ? null : Get(request.ParentImageId);
        var config = parent is null
            ? new ImageConfig()
            : JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(parent.Config, OciJson.Default.ImageConfig), OciJson.Default.ImageConfig)!;
        if ((parent?.ChainIds.LastOrDefault()) != parentChain)
            throw new InvalidOperationException($"snapshot {request.SnapshotKey} was not prepared from image {request.ParentImageId}");
        var now = DateTimeOffset.UtcNow;
        config.Created = now;
        config.Author = request.Author ?? config.Author;
        config.Comment = request.Comment;
        config.Config = request.Config ?? config.Config;
        config.Rootfs.DiffIds.Add(diffId.ToString());
        (config.History ??= []).Add(new HistoryEntry { Created = now, CreatedBy = request.CreatedBy ?? "", Author = request.Author, Comment = request.Comment });
        var configDigest = Content.Put(JsonSerializer.SerializeToUtf8Bytes(config, OciJson.Default.ImageConfig));
        lease.Add(configDigest.ToString());

        var parentManifest = parent is null ? null : ReadManifest(parent.Id.ToString());
        bool oci = parentManifest?.MediaType == MediaTypes.OciManifest;
        var manifest = new ImageManifest
        {
            MediaType = oci ? MediaTypes.OciManifest : MediaTypes.DockerManifest,
            Config = new Descriptor { MediaType = oci ? MediaTypes.OciConfig : MediaTypes.DockerConfig, Digest = configDigest.ToString(), Size = Content.Size(configDigest) },
            Layers = [.. parentManifest?.Layers ?? [],
                new Descriptor { MediaType = oci ? MediaTypes.OciLayer : MediaTypes.DockerLayer, Digest = diffId.ToString(), Size = Content.Size(diffId) }],
        };
        var manifestDigest = Content.Put(JsonSerializer.SerializeToUtf8Bytes(manifest, OciJson.Default.ImageManifest));
        return AddImage(configDigest, manifestDigest, tag is null ? [] : [tag], [], parent: request.ParentImageId is null ? null : parent!.Id.ToString());
    }

    /// <summary><c>docker diff</c>: the container's changes against its image.</summary>
    public IReadOnlyList<FileChange> Diff(string snapshotKey)
    {
        string upper = Snapshots.UpperDir(snapshotKey);
        string? parent = Snapshots.ParentOf(snapshotKey);
        return UpperDirChanges.List(upper, parent is null ? [] : Snapshots.LowerDirs(parent));
    }

    /// <summary><c>docker export</c>: the container's merged root filesystem (a mount path the caller holds) as a tar.</summary>
    public static void Export(string mergedRootfs, Stream output) => DirectoryTarWriter.Write(mergedRootfs, output, overlayWhiteouts: false);
}
