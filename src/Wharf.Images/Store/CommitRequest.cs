using Wharf.Oci.Image;

namespace Wharf.Images;

/// <summary>What <c>docker commit</c> asks: the container's snapshot, the image it runs, the (changed) config,
/// history fields and an optional name for the new image.</summary>
public sealed record CommitRequest(
    string SnapshotKey,
    string? ParentImageId,
    ContainerConfig? Config,
    string? Comment = null,
    string? Author = null,
    string? CreatedBy = null,
    string? Reference = null);
