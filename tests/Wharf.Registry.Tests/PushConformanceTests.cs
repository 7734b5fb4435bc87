using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Wharf.Oci;
using Wharf.Oci.Image;

namespace Wharf.Registry.Tests;

/// <summary>The spec's "push" category: monolithic and chunked uploads, status, cancel, mount, manifest put.</summary>
public sealed class PushConformanceTests
{
    [Fact]
    public async Task PostStartsAnUploadWithLocationRangeAndUuid()
    {
        await using var r = await TestRegistry.StartAsync();
        var start = await r.Client.PostAsync("/v2/app/blobs/uploads/", null);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var location = start.Headers.Location!.ToString();
        var uuid = start.Headers.GetValues("Docker-Upload-UUID").Single();
        Assert.Equal($"/v2/app/blobs/uploads/{uuid}", location);
        Assert.Equal("0-0", start.Headers.GetValues("Range").Single());
    }

    [Fact]
    public async Task SinglePostWithDigestStoresTheBlob()
    {
        await using var r = await TestRegistry.StartAsync();
        var content = TestRegistry.RandomBytes(5000);
        var digest = Digest.Sha256(content);
        var post = await r.Client.PostAsync($"/v2/app/blobs/uploads/?digest={digest}", new ByteArrayContent(content));
        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        Assert.Equal($"/v2/app/blobs/{digest}", post.Headers.Location!.ToString());
        Assert.Equal(digest.ToString(), post.Headers.GetValues("Docker-Content-Digest").Single());
        Assert.Equal(content, await r.Client.GetByteArrayAsync($"/v2/app/blobs/{digest}"));
    }

    [Fact]
    public async Task ChunkedUploadInOrderCompletesAndReportsProgress()
    {
        await using var r = await TestRegistry.StartAsync();
        var content = TestRegistry.RandomBytes(3 * 65536 + 17);
        var location = (await r.Client.PostAsync("/v2/app/blobs/uploads/", null)).Headers.Location!.ToString();
        int offset = 0;
        foreach (var size in new[] { 65536, 65536, 65536, 17 })
        {
            var chunk = new ByteArrayContent(content, offset, size);
            chunk.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + size - 1}");
            var patch = await r.Client.PatchAsync(location, chunk);
            Assert.Equal(HttpStatusCode.Accepted, patch.StatusCode);
            offset += size;
            Assert.Equal($"0-{offset - 1}", patch.Headers.GetValues("Range").Single());
            location = patch.Headers.Location!.ToString();
        }
        var status = await r.Client.GetAsync(location);
        Assert.Equal(HttpStatusCode.NoContent, status.StatusCode);
        Assert.Equal($"0-{content.Length - 1}", status.Headers.GetValues("Range").Single());

        var digest = Digest.Sha256(content);
        var put = await r.Client.PutAsync(TestRegistry.WithQuery(location, $"digest={digest}"), null);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(content, await r.Client.GetByteArrayAsync($"/v2/app/blobs/{digest}"));
        await TestRegistry.AssertErrorAsync(await r.Client.GetAsync(location), HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
    }

    [Fact]
    public async Task StreamedPatchWithoutContentRangeThenPutWithFinalChunk()
    {
        await using var r = await TestRegistry.StartAsync();
        var content = TestRegistry.RandomBytes(100_000);
        var location = (await r.Client.PostAsync("/v2/app/blobs/uploads/", null)).Headers.Location!.ToString();
        var patch = await r.Client.PatchAsync(location, new StreamContent(new MemoryStream(content, 0, 60_000)));
        Assert.Equal(HttpStatusCode.Accepted, patch.StatusCode);
        var digest = Digest.Sha256(content);
        var put = await r.Client.PutAsync(TestRegistry.WithQuery(patch.Headers.Location!.ToString(), $"digest={digest}"), new ByteArrayContent(content, 60_000, 40_000));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(content, await r.Client.GetByteArrayAsync($"/v2/app/blobs/{digest}"));
    }

    [Fact]
    public async Task OutOfOrderChunkIs416AndLeavesTheUploadIntact()
    {
        await using var r = await TestRegistry.StartAsync();
        var location = (await r.Client.PostAsync("/v2/app/blobs/uploads/", null)).Headers.Location!.ToString();
        var first = new ByteArrayContent(new byte[100]);
        first.Headers.TryAddWithoutValidation("Content-Range", "0-99");
        Assert.Equal(HttpStatusCode.Accepted, (await r.Client.PatchAsync(location, first)).StatusCode);

        var skipped = new ByteArrayContent(new byte[100]);
        skipped.Headers.TryAddWithoutValidation("Content-Range", "200-299");
        var bad = await r.Client.PatchAsync(location, skipped);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, bad.StatusCode);
        Assert.Equal("BLOB_UPLOAD_INVALID", await TestRegistry.ErrorCodeAsync(bad));
        Assert.Equal("0-99", (await r.Client.GetAsync(location)).Headers.GetValues("Range").Single());
    }

    [Fact]
    public async Task WrongDigestOnCompletionIsDigestInvalidAndNoBlobAppears()
    {
        await using var r = await TestRegistry.StartAsync();
        var content = TestRegistry.RandomBytes(2048);
        var claimed = Digest.Sha256("something else"u8);
        var location = (await r.Client.PostAsync("/v2/app/blobs/uploads/", null)).Headers.Location!.ToString();
        var put = await r.Client.PutAsync(TestRegistry.WithQuery(location, $"digest={claimed}"), new ByteArrayContent(content));
        await TestRegistry.AssertErrorAsync(put, HttpStatusCode.BadRequest, "DIGEST_INVALID");
        Assert.Equal(HttpStatusCode.NotFound, (await r.Client.GetAsync($"/v2/app/blobs/{claimed}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await r.Client.GetAsync($"/v2/app/blobs/{Digest.Sha256(content)}")).StatusCode);
        Assert.False(Directory.Exists(Path.Combine(r.Root, "blobs", "sha256", claimed.Hex[..2])));
    }

    [Fact]
    public async Task CancelDeletesTheUploadAndLaterCallsAreUploadUnknown()
    {
        await using var r = await TestRegistry.StartAsync();
        var location = (await r.Client.PostAsync("/v2/app/blobs/uploads/", null)).Headers.Location!.ToString();
        await r.Client.PatchAsync(location, new ByteArrayContent(new byte[10]));
        Assert.Equal(HttpStatusCode.NoContent, (await r.Client.DeleteAsync(location)).StatusCode);
        await TestRegistry.AssertErrorAsync(await r.Client.GetAsync(location), HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        await TestRegistry.AssertErrorAsync(await r.Client.PatchAsync(location, new ByteArrayContent(new byte[1])), HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        await TestRegistry.AssertErrorAsync(await r.Client.DeleteAsync(location), HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
    }

    [Fact]
    public async Task UploadResumesAfterARegistryRestart()
    {
        var root = Directory.CreateTempSubdirectory("wharf-registry-restart-").FullName;
        try
        {
            var content = TestRegistry.RandomBytes(200_000);
            string location;
            await using (var first = await TestRegistry.StartAsync(root))
            {
                location = (await first.Client.PostAsync("/v2/app/blobs/uploads/", null)).Headers.Location!.ToString();
                var chunk = new ByteArrayContent(content, 0, 120_000);
                chunk.Headers.TryAddWithoutValidation("Content-Range", "0-119999");
                Assert.Equal(HttpStatusCode.Accepted, (await first.Client.PatchAsync(location, chunk)).StatusCode);
            }
            await using var second = await TestRegistry.StartAsync(root);
            Assert.Equal("0-119999", (await second.Client.GetAsync(location)).Headers.GetValues("Range").Single());
            var rest = new ByteArrayContent(content, 120_000, 80_000);
            rest.Headers.TryAddWithoutValidation("Content-Range", "120000-199999");
            Assert.Equal(HttpStatusCode.Accepted, (await second.Client.PatchAsync(location, rest)).StatusCode);
            var digest = Digest.Sha256(content);
            Assert.Equal(HttpStatusCode.Created, (await second.Client.PutAsync(TestRegistry.WithQuery(location, $"digest={digest}"), null)).StatusCode);
            Assert.Equal(content, await second.Client.GetByteArrayAsync($"/v2/app/blobs/{digest}"));
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [Fact]
    public async Task CrossRepositoryMountLinksAnExistingBlobWithoutUpload()
    {
        await using var r = await TestRegistry.StartAsync();
        var content = TestRegistry.RandomBytes(1234);
        var digest = await r.PushBlobAsync("source", content);
        var mount = await r.Client.PostAsync($"/v2/target/blobs/uploads/?mount={digest}&from=source", null);
        Assert.Equal(HttpStatusCode.Created, mount.StatusCode);
        Assert.Equal($"/v2/target/blobs/{digest}", mount.Headers.Location!.ToString());
        Assert.Equal(digest.ToString(), mount.Headers.GetValues("Docker-Content-Digest").Single());
        Assert.Equal(content, await r.Client.GetByteArrayAsync($"/v2/target/blobs/{digest}"));
    }

    [Fact]
    public async Task MountOfABlobTheSourceDoesNotHaveFallsBackToAnUpload()
    {
        await using var r = await TestRegistry.StartAsync();
        var digest = await r.PushBlobAsync("other", [9, 9, 9]);
        var mount = await r.Client.PostAsync($"/v2/target/blobs/uploads/?mount={digest}&from=source", null);
        Assert.Equal(HttpStatusCode.Accepted, mount.StatusCode);
        Assert.Contains("/v2/target/blobs/uploads/", mount.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await r.Client.GetAsync($"/v2/target/blobs/{digest}")).StatusCode);
    }

    [Fact]
    public async Task ManifestPutAnswers201WithLocationAndDigest()
    {
        await using var r = await TestRegistry.StartAsync();
        var body = await r.ImageManifestAsync("app", 2);
        var put = await r.PutManifestAsync("app", "latest", body, MediaTypes.OciManifest);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        var digest = Digest.Sha256(body);
        Assert.Equal($"/v2/app/manifests/{digest}", put.Headers.Location!.ToString());
        Assert.Equal(digest.ToString(), put.Headers.GetValues("Docker-Content-Digest").Single());
        var byDigest = await r.PutManifestAsync("app", digest.ToString(), body, MediaTypes.OciManifest);
        Assert.Equal(HttpStatusCode.Created, byDigest.StatusCode);
    }

    [Fact]
    public async Task ManifestReferencingAMissingBlobIsManifestBlobUnknown()
    {
        await using var r = await TestRegistry.StartAsync();
        var config = await r.PushBlobAsync("app", "{}"u8.ToArray());
        var missing = Digest.Sha256("never pushed"u8);
        var manifest = $$"""
            {"schemaVersion":2,"mediaType":"{{MediaTypes.OciManifest}}",
             "config":{"mediaType":"{{MediaTypes.OciConfig}}","digest":"{{config}}","size":2},
             "layers":[{"mediaType":"{{MediaTypes.OciLayerGzip}}","digest":"{{missing}}","size":12}]}
            """;
        var put = await r.PutManifestAsync("app", "v1", Encoding.UTF8.GetBytes(manifest), MediaTypes.OciManifest);
        await TestRegistry.AssertErrorAsync(put, HttpStatusCode.BadRequest, "MANIFEST_BLOB_UNKNOWN");
        Assert.Equal(HttpStatusCode.NotFound, (await r.Client.GetAsync("/v2/app/manifests/v1")).StatusCode);
    }

    [Fact]
    public async Task IndexReferencingAMissingManifestIsManifestBlobUnknown()
    {
        await using var r = await TestRegistry.StartAsync();
        var index = $$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.OciIndex}}","manifests":[{"mediaType":"{{MediaTypes.OciManifest}}","digest":"{{Digest.Sha256("x"u8)}}","size":1}]}""";
        await TestRegistry.AssertErrorAsync(await r.PutManifestAsync("app", "multi", Encoding.UTF8.GetBytes(index), MediaTypes.OciIndex), HttpStatusCode.BadRequest, "MANIFEST_BLOB_UNKNOWN");
    }

    [Fact]
    public async Task ManifestPutByAWrongDigestIsDigestInvalid()
    {
        await using var r = await TestRegistry.StartAsync();
        var body = await r.ImageManifestAsync("app", 1);
        var put = await r.PutManifestAsync("app", Digest.Sha256("other"u8).ToString(), body, MediaTypes.OciManifest);
        await TestRegistry.AssertErrorAsync(put, HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }

    [Fact]
    public async Task InvalidManifestsAreManifestInvalid()
    {
        await using var r = await TestRegistry.StartAsync();
        await TestRegistry.AssertErrorAsync(await r.PutManifestAsync("app", "a", "not json"u8.ToArray(), MediaTypes.OciManifest), HttpStatusCode.BadRequest, "MANIFEST_INVALID");
        await TestRegistry.AssertErrorAsync(await r.PutManifestAsync("app", "b", """{"schemaVersion":1,"name":"x"}"""u8.ToArray(), MediaTypes.OciManifest), HttpStatusCode.BadRequest, "MANIFEST_INVALID");
        var body = await r.ImageManifestAsync("app", 1);
        // The body says OCI manifest; the header says Docker: refused rather than stored under the wrong type.
        await TestRegistry.AssertErrorAsync(await r.PutManifestAsync("app", "c", body, MediaTypes.DockerManifest), HttpStatusCode.BadRequest, "MANIFEST_INVALID");
    }

    [Fact]
    public async Task MultiPlatformIndexIsStoredAndServedIntact()
    {
        await using var r = await TestRegistry.StartAsync();
        var (amd, amdBytes) = await r.PushImageAsync("multi", "amd64");
        var (arm, armBytes) = await r.PushImageAsync("multi", "arm64");
        var index = $$"""
            {"schemaVersion":2,"mediaType":"{{MediaTypes.OciIndex}}","manifests":[
             {"mediaType":"{{MediaTypes.OciManifest}}","digest":"{{amd}}","size":{{amdBytes.Length}},"platform":{"architecture":"amd64","os":"linux"} },
             {"mediaType":"{{MediaTypes.OciManifest}}","digest":"{{arm}}","size":{{armBytes.Length}},"platform":{"architecture":"arm64","os":"linux","variant":"v8"} } ] }
            """;
        var bytes = Encoding.UTF8.GetBytes(index);
        Assert.Equal(HttpStatusCode.Created, (await r.PutManifestAsync("multi", "latest", bytes, MediaTypes.OciIndex)).StatusCode);
        var get = await r.Client.GetAsync("/v2/multi/manifests/latest");
        Assert.Equal(MediaTypes.OciIndex, get.Content.Headers.ContentType!.MediaType);
        Assert.Equal(bytes, await get.Content.ReadAsByteArrayAsync());
        Assert.Equal(armBytes, await r.Client.GetByteArrayAsync($"/v2/multi/manifests/{arm}"));
    }
}
