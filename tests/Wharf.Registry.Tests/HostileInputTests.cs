using System.Net;
using System.Net.Sockets;
using System.Text;
using Wharf.Distribution.Server.Gc;
using Wharf.Distribution.Server.Http;
using Wharf.Distribution.Server.Storage;
using Wharf.Oci;
using Wharf.Oci.Image;

namespace Wharf.Registry.Tests;

/// <summary>Input meant to break the registry gets a clean spec error, and no partial or foreign data shows.</summary>
public sealed class HostileInputTests
{
    /// <summary>Sends a request line as written (no client-side normalisation) and returns the status and body.</summary>
    private static async Task<(int Status, string Body)> RawAsync(TestRegistry r, string method, string target)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(r.Server.BaseAddress.Host, r.Server.BaseAddress.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{method} {target} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
        var text = await new StreamReader(stream).ReadToEndAsync();
        var status = int.Parse(text.Split(' ')[1]);
        return (status, text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
    }

    [Theory]
    [InlineData("/v2/..%2F..%2Fetc/tags/list")]
    [InlineData("/v2/a/%2e%2e/%2e%2e/%2e%2e/escape/blobs/uploads/")]
    [InlineData("/v2/a/%2e%2e/b/manifests/latest")]
    [InlineData("/v2/UPPER/tags/list")]
    [InlineData("/v2/a//b/blobs/uploads/")]
    [InlineData("/v2/-lead/tags/list")]
    [InlineData("/v2/a%00b/tags/list")]
    public async Task TraversalAndInvalidNamesAreNameInvalidAndTouchNothing(string target)
    {
        var parent = Directory.CreateTempSubdirectory("wharf-registry-hostile-").FullName;
        var root = Path.Combine(parent, "root");
        try
        {
            await using var r = await TestRegistry.StartAsync(root);
            foreach (var method in new[] { "GET", "POST", "PUT", "DELETE" })
            {
                var (status, body) = await RawAsync(r, method, target);
                // Kestrel itself resolves %2e%2e inside the URL (never above /) and refuses NUL with a bare 400;
                // whatever reaches the registry is either an invalid name or an ordinary, harmless miss.
                Assert.True(status is 400 or 404 or 405, $"{method} {target} answered {status}");
                if (body.Length > 0) Assert.Matches("NAME_INVALID|NOT_FOUND|NAME_UNKNOWN|MANIFEST_UNKNOWN|MANIFEST_INVALID|UNSUPPORTED", body);
            }
            Assert.Equal(["root"], Directory.GetFileSystemEntries(parent).Select(Path.GetFileName));
            Assert.False(Directory.Exists(Path.Combine(root, "repositories")) && Directory.EnumerateFileSystemEntries(Path.Combine(root, "repositories")).Any());
        }
        finally { Directory.Delete(parent, recursive: true); }
    }

    [Theory]
    [InlineData("/v2/..%2F..%2Fetc/tags/list")]
    [InlineData("/v2/UPPER/tags/list")]
    [InlineData("/v2/a//b/blobs/uploads/")]
    [InlineData("/v2/-lead/manifests/latest")]
    [InlineData("/v2/a/.hidden/manifests/latest")]
    public async Task InvalidNamesThatReachTheRegistryAre400NameInvalid(string target)
    {
        await using var r = await TestRegistry.StartAsync();
        var (status, body) = await RawAsync(r, "GET", target);
        Assert.Equal(400, status);
        Assert.Contains("\"NAME_INVALID\"", body);
    }

    [Fact]
    public async Task NamesLongerThan255AreNameInvalid()
    {
        await using var r = await TestRegistry.StartAsync();
        var name = string.Join('/', Enumerable.Repeat(new string('a', 60), 5));
        await TestRegistry.AssertErrorAsync(await r.Client.PostAsync($"/v2/{name}/blobs/uploads/", null), HttpStatusCode.BadRequest, "NAME_INVALID");
    }

    [Fact]
    public async Task OversizedManifestsAre413SizeInvalidWhetherOrNotTheyDeclareTheirLength()
    {
        await using var r = await TestRegistry.StartAsync(options: new RegistryOptions { MaxManifestBytes = 64 * 1024 });
        var huge = Encoding.UTF8.GetBytes("{\"schemaVersion\":2,\"annotations\":{\"x\":\"" + new string('a', 200_000) + "\"}}");
        await TestRegistry.AssertErrorAsync(await r.PutManifestAsync("app", "big", huge, MediaTypes.OciManifest), HttpStatusCode.RequestEntityTooLarge, "SIZE_INVALID");
        var streamed = new StreamContent(new MemoryStream(huge)); // chunked: no Content-Length
        streamed.Headers.ContentType = new(MediaTypes.OciManifest);
        var put = await r.Client.PutAsync("/v2/app/manifests/big2", streamed);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, put.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await r.Client.GetAsync("/v2/app/manifests/big")).StatusCode);
    }

    [Theory]
    [InlineData("sha256:abc")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("sha256:ZZZZ9d5b9b0e6c3a8e4c1d7f2b5a8c3e6d9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b")]
    [InlineData("sha256")]
    public async Task MalformedDigestsAreDigestInvalid(string digest)
    {
        await using var r = await TestRegistry.StartAsync();
        await TestRegistry.AssertErrorAsync(await r.Client.GetAsync($"/v2/app/blobs/{digest}"), HttpStatusCode.BadRequest, "DIGEST_INVALID");
        await TestRegistry.AssertErrorAsync(await r.Client.PostAsync($"/v2/app/blobs/uploads/?digest={digest}", new ByteArrayContent([1])), HttpStatusCode.BadRequest, "DIGEST_INVALID");
        var location = (await r.Client.PostAsync("/v2/app/blobs/uploads/", null)).Headers.Location!.ToString();
        await TestRegistry.AssertErrorAsync(await r.Client.PutAsync(TestRegistry.WithQuery(location, "digest=" + digest), new ByteArrayContent([1])), HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }

    [Fact]
    public async Task UnknownOrForgedUploadIdsAreUploadUnknown()
    {
        await using var r = await TestRegistry.StartAsync();
        await TestRegistry.AssertErrorAsync(await r.Client.GetAsync($"/v2/app/blobs/uploads/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        await TestRegistry.AssertErrorAsync(await r.Client.PatchAsync("/v2/app/blobs/uploads/not-a-uuid", new ByteArrayContent([1])), HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        // Another repository's upload id is unknown here.
        var other = (await r.Client.PostAsync("/v2/other/blobs/uploads/", null)).Headers.GetValues("Docker-Upload-UUID").Single();
        await TestRegistry.AssertErrorAsync(await r.Client.PatchAsync($"/v2/app/blobs/uploads/{other}", new ByteArrayContent([1])), HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
    }

    [Fact]
    public async Task AnUploadAbandonedHalfwayIsNeverVisibleAndGcPurgesIt()
    {
        await using var r = await TestRegistry.StartAsync();
        var content = TestRegistry.RandomBytes(50_000);
        var digest = Digest.Sha256(content);
        var location = (await r.Client.PostAsync("/v2/app/blobs/uploads/", null)).Headers.Location!.ToString();
        await r.Client.PatchAsync(location, new ByteArrayContent(content, 0, 25_000));
        Assert.Equal(HttpStatusCode.NotFound, (await r.Client.GetAsync($"/v2/app/blobs/{digest}")).StatusCode);
        Assert.False(Directory.Exists(Path.Combine(r.Root, "blobs", "sha256", digest.Hex[..2], digest.Hex)));

        var report = await new GarbageCollector(new CheckedStorage(new FileSystemStorage(r.Root))) { UploadMaxAge = TimeSpan.Zero }.RunAsync(dryRun: false);
        Assert.Equal(1, report.UploadsPurged);
        await TestRegistry.AssertErrorAsync(await r.Client.GetAsync(location), HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
    }

    [Fact]
    public async Task ConcurrentPushesOfTheSameBlobAllSucceedWithOneIntactCopy()
    {
        await using var r = await TestRegistry.StartAsync();
        var content = TestRegistry.RandomBytes(1 << 20);
        var digest = Digest.Sha256(content);
        var pushes = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            var location = (await r.Client.PostAsync($"/v2/repo{i % 4}/blobs/uploads/", null)).Headers.Location!.ToString();
            await r.Client.PatchAsync(location, new ByteArrayContent(content, 0, 1000));
            return await r.Client.PutAsync(TestRegistry.WithQuery(location, $"digest={digest}"), new ByteArrayContent(content, 1000, content.Length - 1000));
        })).ToList();
        foreach (var p in pushes) Assert.Equal(HttpStatusCode.Created, (await p).StatusCode);
        for (int i = 0; i < 4; i++) Assert.Equal(content, await r.Client.GetByteArrayAsync($"/v2/repo{i}/blobs/{digest}"));
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(r.Root, "blobs", "sha256", digest.Hex[..2], digest.Hex, "data")));
        for (int i = 0; i < 4; i++) Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(r.Root, "repositories", $"repo{i}", "_uploads")));
    }

    [Fact]
    public async Task ABlobOfAnotherRepositoryIsNotReadableWithoutItsLink()
    {
        await using var r = await TestRegistry.StartAsync();
        var secret = TestRegistry.RandomBytes(64);
        var digest = await r.PushBlobAsync("private/secret", secret);
        await TestRegistry.AssertErrorAsync(await r.Client.GetAsync($"/v2/public/blobs/{digest}"), HttpStatusCode.NotFound, "BLOB_UNKNOWN");
        // Referencing it from a manifest in another repository does not grant it either.
        var manifest = $$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.OciManifest}}","config":{"mediaType":"{{MediaTypes.OciConfig}}","digest":"{{digest}}","size":64},"layers":[]}""";
        await TestRegistry.AssertErrorAsync(await r.PutManifestAsync("public", "steal", Encoding.UTF8.GetBytes(manifest), MediaTypes.OciManifest), HttpStatusCode.BadRequest, "MANIFEST_BLOB_UNKNOWN");
    }
}
