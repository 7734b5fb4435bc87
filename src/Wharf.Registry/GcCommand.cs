using Wharf.Distribution.Server.Gc;
using Wharf.Distribution.Server.Storage;

namespace Wharf.Registry;

/// <summary><c>wharf-registry gc [--dry-run]</c>: mark and sweep of unreferenced blobs. Run it with the registry stopped or read-only.</summary>
internal static class GcCommand
{
    public static async Task<int> RunAsync(RegistrySettings s)
    {
        if (s.StorageDriver != "filesystem") throw new UsageException("gc needs persistent storage (storage.filesystem)");
        var storage = new CheckedStorage(new FileSystemStorage(s.Root));
        var gc = new GarbageCollector(storage) { DeleteUntagged = s.DeleteUntagged, UploadMaxAge = s.UploadMaxAge };
        var report = await gc.RunAsync(s.DryRun, Console.Out);
        Console.Out.WriteLine($"{(s.DryRun ? "dry run: " : "")}{report.Repositories} repositories, {report.Manifests} manifests, {report.BlobsMarked} blobs marked, " +
            $"{report.BlobsSwept.Count} blobs {(s.DryRun ? "eligible for deletion" : "deleted")} ({report.BytesSwept} bytes), " +
            $"{report.UploadsPurged} stale uploads, {report.ManifestsDeleted} untagged manifests");
        return 0;
    }
}
