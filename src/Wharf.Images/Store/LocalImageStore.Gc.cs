using System.Text.Json;
using Wharf.Oci;
using Wharf.Oci.Image;

namespace Wharf.Images;

/// <summary>What a garbage collection freed.</summary>
public sealed record GcResult(IReadOnlyList<string> RemovedBlobs, IReadOnlyList<string> RemovedLayers, long ReclaimedBytes);

public sealed partial class LocalImageStore
{
    /// <summary>Deletes blobs and layer snapshots that no image, active snapshot or lease reaches. Reachability
    /// is computed from the names each time (mark and sweep), never from stored reference counts.</summary>
    public GcResult CollectGarbage()
    {
        lock (_sync)
        {
            var liveBlobs = new HashSet<string>();
            var liveLayers = new HashSet<string>();
            foreach (var (id, record) in _state.Images)
            {
                liveBlobs.Add(id);
                if (record.Manifest is { } m)
                {
                    liveBlobs.Add(m);
                    if (TryReadManifest(m) is { } manifest)
                        foreach (var layer in manifest.Layers) liveBlobs.Add(layer.Digest);
                }
                liveBlobs.UnionWith(record.Indexes);
                foreach (var chain in ChainIdsOf(ReadConfig(id))) liveLayers.Add(chain);
            }
            foreach (var (_, parent) in Snapshots.ListActive())
                if (parent is not null)
                    liveLayers.UnionWith(Snapshots.Chain(parent));

            var removedLayers = new List<string>();
            long reclaimed = 0;
            foreach (var layer in Snapshots.ListLayers())
            {
                if (liveLayers.Contains(layer) || _leases.Protects(layer)) continue;
                reclaimed += Snapshots.LayerSize(layer);
                Snapshots.RemoveLayer(layer);
                removedLayers.Add(layer);
            }
            var removedBlobs = new List<string>();
            foreach (var blob in Content.List().ToList())
            {
                string key = blob.ToString();
                if (liveBlobs.Contains(key) || _leases.Protects(key)) continue;
                reclaimed += Content.Size(blob);
                Content.Delete(blob);
                removedBlobs.Add(key);
            }
            return new GcResult(removedBlobs, removedLayers, reclaimed);
        }
    }

    private ImageManifest? TryReadManifest(string digest)
    {
        var d = Digest.Parse(digest);
        if (!Content.Exists(d)) return null;
        try { return JsonSerializer.Deserialize(Content.ReadAllBytes(d), OciJson.Default.ImageManifest); }
        catch (JsonException) { return null; }
    }
}
