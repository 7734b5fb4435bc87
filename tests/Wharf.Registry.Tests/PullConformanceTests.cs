using System.Net;
using System.Net.Http.Headers;
using Wharf.Oci;
using Wharf.Oci.Image;

namespace Wharf.Registry.Tests;

/// <summary>The spec's "pull" category: base endpoint, manifests by tag and digest, blobs with Range.</summary>
public sealed class PullConformanceTests
{
    [Fact]
    public async Task BaseEndpointAnswers200WithTheApiVersionHeader()
    {
        await using var r = await TestRegistry.StartAsync();
        var response = await r.Client.GetAsync("/v2/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("registry/2.0", response.Headers.GetValues("Docker-Distribution-API-Version").Single());
    }

    [Theory]
    [InlineData(MediaTypes.OciManifest)]
    [InlineData(MediaTypes.DockerManifest)]
    public async Task ManifestByTagAndByDigestComesBackByteExactWithItsMediaType(string mediaType)
    {
        await using var r = await TestRegistry.StartAsync();
        var (digest, bytes) = await r.PushImageAsync("library/app", "v1", mediaType: mediaType);
        foreach (var reference in new[] { "v1", digest.ToString() })
        {
            var get = await r.Client.GetAsync($"/v2/library/app/manifests/{reference}");
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            Assert.Equal(mediaType, get.Content.Headers.ContentType!.MediaType);
            Assert.Equal(digest.ToString(), get.Headers.GetValues("Docker-Content-Digest").Single());
            Assert.Equal(bytes, await get.Content.ReadAsByteArrayAsync());

            var head = await r.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/library/app/manifests/{reference}"));
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal(bytes.Length, head.Content.Headers.ContentLength);
            Assert.Equal(digest.ToString(), head.Headers.GetValues("Docker-Content-Digest").Single());
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task UnknownManifestIs404ManifestUnknown()
    {
        await using var r = await TestRegistry.StartAsync();
        await r.PushImageAsync("app", "v1");
        await TestRegistry.AssertErrorAsync(await r.Client.GetAsync("/v2/app/manifests/nope"), HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        var missing = Digest.Sha256("nothing"u8).ToString();
        await TestRegistry.AssertErrorAsync(await r.Client.GetAsync($"/v2/app/manifests/{missing}"), HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        var head = await r.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/v2/app/manifests/nope"));
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }

    [Fact]
    public async Task BlobGetAndHeadCarryDigestLengthAndContent()
    {
        await using var r = await TestRegistry.StartAsync();
        var content = TestRegistry.RandomBytes(300_000);
        var digest = await r.PushBlobAsync("app", content);
        var get = await r.Client.GetAsync($"/v2/app/blobs/{digest}");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(digest.ToString(), get.Headers.GetValues("Docker-Content-Digest").Single());
        Assert.Equal(content, await get.Content.ReadAsByteArrayAsync());
        var head = await r.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/app/blobs/{digest}"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(content.Length, head.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task RangeRequestsGet206WithContentRangeAndUnsatisfiableGet416()
    {
        await using var r = await TestRegistry.StartAsync();
        var content = TestRegistry.RandomBytes(10_000);
        var digest = await r.PushBlobAsync("app", content);

        var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/app/blobs/{digest}");
        request.Headers.Range = new RangeHeaderValue(100, 199);
        var partial = await r.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal("bytes 100-199/10000", partial.Content.Headers.ContentRange!.ToString());
        Assert.Equal(content[100..200], await partial.Content.ReadAsByteArrayAsync());

        var tail = new HttpRequestMessage(HttpMethod.Get, $"/v2/app/blobs/{digest}");
        tail.Headers.Range = new RangeHeaderValue(9_990, null);
        Assert.Equal(content[9990..], await (await r.Client.SendAsync(tail)).Content.ReadAsByteArrayAsync());

        var beyond = new HttpRequestMessage(HttpMethod.Get, $"/v2/app/blobs/{digest}");
        beyond.Headers.Range = new RangeHeaderValue(20_000, 20_100);
        var bad = await r.Client.SendAsync(beyond);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, bad.StatusCode);
        Assert.Equal("bytes */10000", bad.Content.Headers.ContentRange!.ToString());
    }

    [Fact]
    public async Task UnknownBlobIs404BlobUnknown()
    {
        await using var r = await TestRegistry.StartAsync();
        await r.PushBlobAsync("app", [1, 2, 3]);
        var missing = Digest.Sha256("absent"u8);
        await TestRegistry.AssertErrorAsync(await r.Client.GetAsync($"/v2/app/blobs/{missing}"), HttpStatusCode.NotFound, "BLOB_UNKNOWN");
        var head = await r.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/app/blobs/{missing}"));
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }
}
