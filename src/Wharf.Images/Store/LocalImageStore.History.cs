using Wharf.Oci.Image;

namespace Wharf.Images;

public sealed partial class LocalImageStore
{
    public IReadOnlyList<ImageHistoryItem> History(string reference)
    {
        var image = Get(reference);
        var history = image.Config.History is { Count: > 0 } h
            ? h
            : image.ChainIds.Select(_ => new HistoryEntry { Created = image.Created }).ToList();
        var items = new List<ImageHistoryItem>(history.Count);
        int layer = 0;
        foreach (var entry in history)
        {
            long size = 0;
            if (entry.EmptyLayer != true && layer < image.ChainIds.Count)
            {
                size = Snapshots.HasLayer(image.ChainIds[layer]) ? Snapshots.LayerSize(image.ChainIds[layer]) : 0;
                layer++;
            }
            items.Add(new ImageHistoryItem("<missing>", entry.Created ?? image.Created, entry.CreatedBy ?? "", [], size, entry.Comment ?? ""));
        }
        items.Reverse();
        if (items.Count > 0) items[0] = items[0] with { Id = image.Id.ToString(), Tags = image.RepoTags };
        return items;
    }
}
