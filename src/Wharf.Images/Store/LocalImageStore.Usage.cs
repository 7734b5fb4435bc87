namespace Wharf.Images;

/// <summary>One image's share of the disk, as <c>GET /system/df</c> reports it.</summary>
public sealed record ImageDiskUsage(LocalImage Image, long Size, long SharedSize, long UniqueSize);

/// <summary>Totals for <c>system df</c>: every committed layer counted once.</summary>
public sealed record StoreDiskUsage(long LayersSize, long ContentSize, IReadOnlyList<ImageDiskUsage> Images);

/// <summary>What <c>POST /images/prune</c> answers.</summary>
public sealed record PruneResult(IReadOnlyList<ImageDeleteItem> Deleted, long SpaceReclaimed);

public sealed partial class LocalImageStore
{
    public StoreDiskUsage DiskUsage()
    {
        var images = List();
        var users = new Dictionary<string, int>();
        foreach (var chain in images.SelectMany(i => i.ChainIds)) users[chain] = users.GetValueOrDefault(chain) + 1;
        long LayerSize(string chain) => Snapshots.HasLayer(chain) ? Snapshots.LayerSize(chain) : 0;
        var usage = images.Select(i =>
        {
            long shared = i.ChainIds.Where(c => users[c] > 1).Sum(LayerSize);
            return new ImageDiskUsage(i, i.Size, shared, i.Size - shared);
        }).ToList();
        long layers = Snapshots.ListLayers().Sum(LayerSize);
        long content = Content.List().Sum(Content.Size);
        return new StoreDiskUsage(layers, content, usage);
    }

    /// <summary><c>docker image prune</c>: removes dangling images (no tags), or with <paramref name="all"/> every image
    /// no container uses (<paramref name="inUse"/> holds the image IDs containers run), then collects garbage.</summary>
    public PruneResult Prune(bool all, IReadOnlySet<string> inUse, Func<LocalImage, bool>? filter = null)
    {
        var deleted = new List<ImageDeleteItem>();
        long before = DiskUsage() is var u ? u.LayersSize + u.ContentSize : 0;
        foreach (var image in List())
        {
            if (inUse.Contains(image.Id.ToString())) continue;
            if (!all && image.RepoTags.Count > 0) continue;
            if (filter is not null && !filter(image)) continue;
            deleted.AddRange(Remove(image.Id.ToString(), force: true, noPrune: false));
        }
        CollectGarbage();
        var after = DiskUsage();
        return new PruneResult(deleted, Math.Max(0, before - after.LayersSize - after.ContentSize));
    }
}
