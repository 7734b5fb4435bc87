using System.Text;
using Wharf.Distribution.Server.Content;
using Wharf.Distribution.Server.Storage;
using Wharf.Oci;

namespace Wharf.Distribution.Server.Gc;

/// <summary>What a collection found and (unless dry run) removed.</summary>
public sealed record GcReport(int Repositories, int Manifests, int BlobsMarked, IReadOnlyList<Digest> BlobsSwept, long BytesSwept, int UploadsPurged, int ManifestsDeleted);

/// <summary>
/// Mark and sweep over the storage, run while the registry is stopped or read-only (as distribution's
/// gc): mark every blob a manifest of any repository references (its own bytes, config, layers,
/// index children), sweep the blobs nobody marked and the repository links to them, purge uploads
/// idle for longer than <see cref="UploadMaxAge"/>, and rebuild the catalog index from what it found.
/// </summary>
public sealed class GarbageCollector(IRegistryStorage storage)
{
    public TimeSpan UploadMaxAge { get; init; } = TimeSpan.FromDays(1);
    /// <summary>Also delete manifests no tag points at (and that no index in the repository references).</summary>
    public bool DeleteUntagged { get; init; }

    public async Task<GcReport> RunAsync(bool dryRun, TextWriter? progress = null, CancellationToken ct = default)
    {
        var repositories = await FindRepositoriesAsync(ct);
        var marked = new HashSet<Digest>();
        int manifests = 0, untaggedDeleted = 0, uploadsPurged = 0;
        var withManifests = new List<string>();

        foreach (var repo in repositories)
        {
            var revisions = await ListDigestsAsync(RegistryLayout.ManifestRevisions(repo), ct);
            var tagged = await TaggedAsync(repo, ct);
            var facts = new Dictionary<Digest, ManifestFacts?>();
            foreach (var d in revisions) facts[d] = await FactsAsync(d, ct);
            var keep = DeleteUntagged ? revisions.Where(tagged.Contains).ToHashSet() : revisions.ToHashSet();
            // Children of kept indexes, and referrers (signatures, SBOMs) of kept manifests, stay too.
            for (bool grew = true; grew;)
            {
                grew = false;
                foreach (var d in revisions)
                {
                    if (keep.Contains(d))
                    {
                        foreach (var child in facts[d]?.Manifests ?? [])
                            if (revisions.Contains(child) && keep.Add(child)) grew = true;
                    }
                    else if (SubjectOf(facts[d]) is { } subject && keep.Contains(subject))
                    {
                        keep.Add(d);
                        grew = true;
                    }
                }
            }
            foreach (var d in revisions.Where(r => !keep.Contains(r)))
            {
                progress?.WriteLine($"{repo}: untagged manifest {d} {(dryRun ? "would be deleted" : "deleted")}");
                untaggedDeleted++;
                if (dryRun) continue;
                await storage.DeleteAsync(RegistryLayout.ManifestRevision(repo, d), ct);
                if (SubjectOf(facts[d]) is { } subject) await storage.DeleteAsync(RegistryLayout.Referrer(repo, subject, d), ct);
            }
            foreach (var d in keep)
            {
                manifests++;
                marked.Add(d);
                if (facts[d] is { } f) marked.UnionWith(f.Blobs);
            }
            if (keep.Count > 0) withManifests.Add(repo);
            uploadsPurged += await PurgeUploadsAsync(repo, dryRun, progress, ct);
        }

        var swept = new List<Digest>();
        long bytes = 0;
        foreach (var blob in await ListBlobsAsync(ct))
        {
            if (marked.Contains(blob)) continue;
            swept.Add(blob);
            bytes += (await storage.StatAsync(RegistryLayout.BlobData(blob), ct))?.Size ?? 0;
            progress?.WriteLine($"blob {blob} {(dryRun ? "would be deleted" : "deleted")}");
            if (!dryRun) await storage.DeleteAsync(RegistryLayout.BlobDirectory(blob), ct);
        }
        if (!dryRun)
        {
            var gone = swept.ToHashSet();
            foreach (var repo in repositories)
                foreach (var link in await ListDigestsAsync(RegistryLayout.LayerLinks(repo), ct))
                    if (gone.Contains(link)) await storage.DeleteAsync(RegistryLayout.LayerLinkDirectory(repo, link), ct);
            await new RepositoryCatalog(storage).ReplaceAsync(withManifests, ct);
        }
        return new GcReport(repositories.Count, manifests, marked.Count, swept, bytes, uploadsPurged, untaggedDeleted);
    }

    private static Digest? SubjectOf(ManifestFacts? facts) =>
        facts?.Subject is { } s && Digest.TryParse(s.Digest, out var d) ? d : null;

    private async Task<ManifestFacts?> FactsAsync(Digest d, CancellationToken ct)
    {
        var bytes = await storage.GetContentAsync(RegistryLayout.BlobData(d), ct);
        if (bytes is null) return null;
        try { return ManifestInspector.Inspect(bytes, null); }
        catch (Http.RegistryException) { return null; }
    }

    private async Task<HashSet<Digest>> TaggedAsync(string repo, CancellationToken ct)
    {
        var result = new HashSet<Digest>();
        await foreach (var tag in storage.ListAsync(RegistryLayout.Tags(repo), ct))
            if (await storage.GetContentAsync(RegistryLayout.TagLink(repo, tag), ct) is { } b && Digest.TryParse(Encoding.UTF8.GetString(b), out var d))
                result.Add(d);
        return result;
    }

    private async Task<int> PurgeUploadsAsync(string repo, bool dryRun, TextWriter? progress, CancellationToken ct)
    {
        int purged = 0;
        await foreach (var uuid in storage.ListAsync(RegistryLayout.Uploads(repo), ct))
        {
            // Idle, not old: a slow upload that is still receiving chunks keeps a fresh mtime.
            var data = await storage.StatAsync(RegistryLayout.UploadData(repo, uuid), ct);
            bool stale = data is null || DateTimeOffset.UtcNow - data.Value.Modified > UploadMaxAge;
            if (!stale) continue;
            purged++;
            progress?.WriteLine($"{repo}: upload {uuid} {(dryRun ? "would be purged" : "purged")}");
            if (!dryRun) await storage.DeleteAsync(RegistryLayout.Upload(repo, uuid), ct);
        }
        return purged;
    }

    /// <summary>Repository names: directories under repositories/ that hold any of _layers, _manifests or _uploads.</summary>
    private async Task<List<string>> FindRepositoriesAsync(CancellationToken ct)
    {
        var found = new List<string>();
        var pending = new Stack<string>();
        pending.Push("");
        while (pending.TryPop(out var prefix))
        {
            var key = prefix.Length == 0 ? RegistryLayout.RepositoriesRoot : $"{RegistryLayout.RepositoriesRoot}/{prefix}";
            bool isRepo = false;
            await foreach (var child in storage.ListAsync(key, ct))
            {
                if (child is "_layers" or "_manifests" or "_uploads" or "_referrers") { isRepo = true; continue; }
                pending.Push(prefix.Length == 0 ? child : $"{prefix}/{child}");
            }
            if (isRepo) found.Add(prefix);
        }
        found.Sort(StringComparer.Ordinal);
        return found;
    }

    private async Task<List<Digest>> ListBlobsAsync(CancellationToken ct)
    {
        var result = new List<Digest>();
        await foreach (var alg in storage.ListAsync(RegistryLayout.BlobsRoot, ct))
            await foreach (var prefix in storage.ListAsync($"{RegistryLayout.BlobsRoot}/{alg}", ct))
                await foreach (var hex in storage.ListAsync($"{RegistryLayout.BlobsRoot}/{alg}/{prefix}", ct))
                    if (Digest.TryParse($"{alg}:{hex}", out var d)) result.Add(d);
        return result;
    }

    /// <summary>Digests named by &lt;key&gt;/&lt;alg&gt;/&lt;hex&gt; directories (revision and layer links).</summary>
    private async Task<HashSet<Digest>> ListDigestsAsync(string key, CancellationToken ct)
    {
        var result = new HashSet<Digest>();
        await foreach (var alg in storage.ListAsync(key, ct))
            await foreach (var hex in storage.ListAsync($"{key}/{alg}", ct))
                if (Digest.TryParse($"{alg}:{hex}", out var d)) result.Add(d);
        return result;
    }
}
