using System.Net;
using Wharf.Distribution.Server.Gc;
using Wharf.Distribution.Server.Storage;
using Wharf.Oci;
using Wharf.Oci.Image;

namespace Wharf.Registry.Tests;

/// <summary>Mark and sweep: referenced blobs survive, the rest go, dry run changes nothing.</summary>
public sealed class GarbageCollectorTests
{
    private static GarbageCollector Gc(TestRegistry r, bool deleteUntagged = false) =>
        new(new CheckedStorage(new FileSystemStorage(r.Root))) { DeleteUntagged = deleteUntagged };

    private static bool BlobOnDisk(TestRegistry r, Digest d) => File.Exists(Path.Combine(r.Root, "blobs", "sha256", d.Hex[..2], d.Hex, "data"));

    [Fact]
    public async Task SweepsUnreferencedBlobsAndKeepsEverythingAManifestNeeds()
    {
        await using var r = await TestRegistry.StartAsync();
        var (kept, keptBytes) = await r.PushImageAsync("app", "v1", layers: 2);
        var orphan = await r.PushBlobAsync("app", TestRegistry.RandomBytes(5000));
        var (dropped, _) = await r.PushImageAsync("app", "old", layers: 1);
        Assert.Equal(HttpStatusCode.Accepted, (await r.Client.DeleteAsync($"/v2/app/manifests/{dropped}")).StatusCode);

        var dry = await Gc(r).RunAsync(dryRun: true);
        Assert.Contains(orphan, dry.BlobsSwept);
        Assert.Contains(dropped, dry.BlobsSwept);
        Assert.True(BlobOnDisk(r, orphan), "dry run must not delete");

        var report = await Gc(r).RunAsync(dryRun: false);
        Assert.Equal(dry.BlobsSwept.Select(d => d.ToString()).Order(), report.BlobsSwept.Select(d => d.ToString()).Order());
        // The dropped image: manifest, config and its one layer; plus the orphan.
        Assert.Equal(4, report.BlobsSwept.Count);
        Assert.False(BlobOnDisk(r, orphan));
        Assert.Equal(HttpStatusCode.NotFound, (await r.Client.GetAsync($"/v2/app/blobs/{orphan}")).StatusCode);

        var manifest = System.Text.Json.JsonSerializer.Deserialize(keptBytes, OciJson.Default.ImageManifest)!;
        Assert.Equal(keptBytes, await r.Client.GetByteArrayAsync("/v2/app/manifests/v1"));
        foreach (var d in manifest.Layers.Append(manifest.Config))
            Assert.Equal(HttpStatusCode.OK, (await r.Client.GetAsync($"/v2/app/blobs/{d.Digest}")).StatusCode);
        Assert.True(BlobOnDisk(r, kept));
    }

    [Fact]
    public async Task ABlobSharedWithAnotherRepositorySurvivesWhileAnyManifestUsesIt()
    {
        await using var r = await TestRegistry.StartAsync();
        var (a, aBytes) = await r.PushImageAsync("one", "v1", layers: 1);
        var layer = System.Text.Json.JsonSerializer.Deserialize(aBytes, OciJson.Default.ImageManifest)!.Layers[0].Digest;
        Assert.Equal(HttpStatusCode.Created, (await r.Client.PostAsync($"/v2/two/blobs/uploads/?mount={layer}&from=one", null)).StatusCode);
        var config = await r.PushBlobAsync("two", "{}"u8.ToArray());
        var manifest = $$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.OciManifest}}","config":{"mediaType":"{{MediaTypes.OciConfig}}","digest":"{{config}}","size":2},"layers":[{"mediaType":"{{MediaTypes.OciLayerGzip}}","digest":"{{layer}}","size":1000}]}""";
        Assert.Equal(HttpStatusCode.Created, (await r.PutManifestAsync("two", "v1", System.Text.Encoding.UTF8.GetBytes(manifest), MediaTypes.OciManifest)).StatusCode);
        await r.Client.DeleteAsync($"/v2/one/manifests/{a}");

        await Gc(r).RunAsync(dryRun: false);
        Assert.Equal(HttpStatusCode.OK, (await r.Client.GetAsync($"/v2/two/blobs/{layer}")).StatusCode);
    }

    [Fact]
    public async Task DeleteUntaggedKeepsIndexChildrenAndReferrersOfKeptManifests()
    {
        await using var r = await TestRegistry.StartAsync();
        var (child, childBytes) = await r.PushImageAsync("app", "tmp-child");
        var index = $$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.OciIndex}}","manifests":[{"mediaType":"{{MediaTypes.OciManifest}}","digest":"{{child}}","size":{{childBytes.Length}} }]}""";
        await r.PutManifestAsync("app", "multi", System.Text.Encoding.UTF8.GetBytes(index), MediaTypes.OciIndex);
        await r.Client.DeleteAsync("/v2/app/manifests/tmp-child"); // child now untagged but referenced
        var sig = await r.ImageManifestAsync("app", 1, subject: new Descriptor { MediaType = MediaTypes.OciManifest, Digest = child.ToString(), Size = childBytes.Length });
        await r.PutManifestAsync("app", Digest.Sha256(sig).ToString(), sig, MediaTypes.OciManifest);
        var (loose, _) = await r.PushImageAsync("app", "gone");
        await r.Client.DeleteAsync("/v2/app/manifests/gone"); // untagged and unreferenced

        var report = await Gc(r, deleteUntagged: true).RunAsync(dryRun: false);
        Assert.Equal(1, report.ManifestsDeleted);
        Assert.Equal(HttpStatusCode.NotFound, (await r.Client.GetAsync($"/v2/app/manifests/{loose}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await r.Client.GetAsync($"/v2/app/manifests/{child}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await r.Client.GetAsync($"/v2/app/manifests/{Digest.Sha256(sig)}")).StatusCode);
    }
}
