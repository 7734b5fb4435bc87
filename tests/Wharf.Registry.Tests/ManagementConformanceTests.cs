using System.Net;
using System.Text.Json;
using Wharf.Oci;
using Wharf.Oci.Image;

namespace Wharf.Registry.Tests;

/// <summary>The spec's "content management" category: deleting tags, manifests and blobs.</summary>
public sealed class ManagementConformanceTests
{
    [Fact]
    public async Task DeletingATagRemovesOnlyThatTag()
    {
        await using var r = await TestRegistry.StartAsync();
        var (digest, bytes) = await r.PushImageAsync("app", "one");
        await r.PutManifestAsync("app", "two", bytes, MediaTypes.OciManifest);
        Assert.Equal(HttpStatusCode.Accepted, (await r.Client.DeleteAsync("/v2/app/manifests/one")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await r.Client.GetAsync("/v2/app/manifests/one")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await r.Client.GetAsync("/v2/app/manifests/two")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await r.Client.GetAsync($"/v2/app/manifests/{digest}")).StatusCode);
        await TestRegistry.AssertErrorAsync(await r.Client.DeleteAsync("/v2/app/manifests/one"), HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
    }

    [Fact]
    public async Task DeletingADigestRemovesTheManifestAndEveryTagOnIt()
    {
        await using var r = await TestRegistry.StartAsync();
        var (digest, bytes) = await r.PushImageAsync("app", "one");
        await r.PutManifestAsync("app", "two", bytes, MediaTypes.OciManifest);
        var (_, other) = await r.PushImageAsync("app", "keep");
        Assert.Equal(HttpStatusCode.Accepted, (await r.Client.DeleteAsync($"/v2/app/manifests/{digest}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await r.Client.GetAsync($"/v2/app/manifests/{digest}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await r.Client.GetAsync("/v2/app/manifests/one")).StatusCode);
        using var tags = JsonDocument.Parse(await r.Client.GetStringAsync("/v2/app/tags/list"));
        Assert.Equal(["keep"], tags.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        await TestRegistry.AssertErrorAsync(await r.Client.DeleteAsync($"/v2/app/manifests/{digest}"), HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
    }

    [Fact]
    public async Task DeletingAReferrerRemovesItFromTheReferrersList()
    {
        await using var r = await TestRegistry.StartAsync();
        var (subject, subjectBytes) = await r.PushImageAsync("app", "v1");
        var sig = await r.ImageManifestAsync("app", 1, subject: new Descriptor { MediaType = MediaTypes.OciManifest, Digest = subject.ToString(), Size = subjectBytes.Length });
        var sigDigest = Digest.Sha256(sig);
        await r.PutManifestAsync("app", sigDigest.ToString(), sig, MediaTypes.OciManifest);
        Assert.Equal(HttpStatusCode.Accepted, (await r.Client.DeleteAsync($"/v2/app/manifests/{sigDigest}")).StatusCode);
        var index = JsonSerializer.Deserialize(await r.Client.GetByteArrayAsync($"/v2/app/referrers/{subject}"), OciJson.Default.ImageIndex)!;
        Assert.Empty(index.Manifests);
    }

    [Fact]
    public async Task DeletingABlobUnlinksItFromThatRepositoryOnly()
    {
        await using var r = await TestRegistry.StartAsync();
        var content = TestRegistry.RandomBytes(100);
        var digest = await r.PushBlobAsync("one", content);
        await r.PushBlobAsync("two", content);
        var delete = await r.Client.DeleteAsync($"/v2/one/blobs/{digest}");
        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        await TestRegistry.AssertErrorAsync(await r.Client.GetAsync($"/v2/one/blobs/{digest}"), HttpStatusCode.NotFound, "BLOB_UNKNOWN");
        Assert.Equal(content, await r.Client.GetByteArrayAsync($"/v2/two/blobs/{digest}"));
        await TestRegistry.AssertErrorAsync(await r.Client.DeleteAsync($"/v2/one/blobs/{digest}"), HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    [Fact]
    public async Task UnsupportedMethodsAre405Unsupported()
    {
        await using var r = await TestRegistry.StartAsync();
        await TestRegistry.AssertErrorAsync(await r.Client.PostAsync("/v2/app/manifests/latest", null), HttpStatusCode.MethodNotAllowed, "UNSUPPORTED");
        await TestRegistry.AssertErrorAsync(await r.Client.PutAsync("/v2/_catalog", null), HttpStatusCode.MethodNotAllowed, "UNSUPPORTED");
    }
}
