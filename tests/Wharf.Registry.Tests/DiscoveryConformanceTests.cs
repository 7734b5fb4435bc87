using System.Net;
using System.Text.Json;
using Wharf.Oci;
using Wharf.Oci.Image;

namespace Wharf.Registry.Tests;

/// <summary>The spec's "content discovery" category: tag list with n/last, catalog, referrers.</summary>
public sealed class DiscoveryConformanceTests
{
    private static async Task<(string Name, List<string> Items, string? Link)> ListAsync(HttpClient c, string url, string property)
    {
        var response = await c.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var name = doc.RootElement.TryGetProperty("name", out var n) ? n.GetString()! : "";
        var items = doc.RootElement.GetProperty(property).EnumerateArray().Select(e => e.GetString()!).ToList();
        return (name, items, response.Headers.TryGetValues("Link", out var link) ? link.Single() : null);
    }

    [Fact]
    public async Task TagListIsSortedAndPaginatesWithNAndLastAndALinkHeader()
    {
        await using var r = await TestRegistry.StartAsync();
        var (_, manifest) = await r.PushImageAsync("app", "b");
        foreach (var tag in new[] { "d", "a", "c", "e" })
            Assert.Equal(HttpStatusCode.Created, (await r.PutManifestAsync("app", tag, manifest, MediaTypes.OciManifest)).StatusCode);

        var all = await ListAsync(r.Client, "/v2/app/tags/list", "tags");
        Assert.Equal("app", all.Name);
        Assert.Equal(["a", "b", "c", "d", "e"], all.Items);
        Assert.Null(all.Link);

        var first = await ListAsync(r.Client, "/v2/app/tags/list?n=2", "tags");
        Assert.Equal(["a", "b"], first.Items);
        Assert.Equal("</v2/app/tags/list?n=2&last=b>; rel=\"next\"", first.Link);
        var next = await ListAsync(r.Client, "/v2/app/tags/list?n=2&last=b", "tags");
        Assert.Equal(["c", "d"], next.Items);
        var last = await ListAsync(r.Client, "/v2/app/tags/list?n=2&last=d", "tags");
        Assert.Equal(["e"], last.Items);
        Assert.Null(last.Link);
        Assert.Empty((await ListAsync(r.Client, "/v2/app/tags/list?n=0", "tags")).Items);
    }

    [Fact]
    public async Task TagListOfAnUnknownRepositoryIsNameUnknown()
    {
        await using var r = await TestRegistry.StartAsync();
        await TestRegistry.AssertErrorAsync(await r.Client.GetAsync("/v2/nothing/here/tags/list"), HttpStatusCode.NotFound, "NAME_UNKNOWN");
    }

    [Fact]
    public async Task CatalogListsRepositoriesFromItsIndexWithPagination()
    {
        await using var r = await TestRegistry.StartAsync();
        foreach (var repo in new[] { "zeta", "alpha", "mid/dle" }) await r.PushImageAsync(repo, "v1", layers: 1);
        await r.PushBlobAsync("blobs-only", [1]); // no manifest: not a catalog entry
        Assert.Equal(["alpha", "mid/dle", "zeta"], (await ListAsync(r.Client, "/v2/_catalog", "repositories")).Items);
        var page = await ListAsync(r.Client, "/v2/_catalog?n=1&last=alpha", "repositories");
        Assert.Equal(["mid/dle"], page.Items);
        Assert.Equal("</v2/_catalog?n=1&last=mid%2Fdle>; rel=\"next\"", page.Link);
        Assert.True(File.Exists(Path.Combine(r.Root, "catalog", "repositories")));
    }

    [Fact]
    public async Task ReferrersListManifestsWhoseSubjectIsTheDigestAndFilterByArtifactType()
    {
        await using var r = await TestRegistry.StartAsync();
        var (subject, subjectBytes) = await r.PushImageAsync("app", "v1");
        var subjectDescriptor = new Descriptor { MediaType = MediaTypes.OciManifest, Digest = subject.ToString(), Size = subjectBytes.Length };

        var signature = await r.ImageManifestAsync("app", 1, subject: subjectDescriptor, artifactType: "application/vnd.example.signature");
        var put = await r.PutManifestAsync("app", Digest.Sha256(signature).ToString(), signature, MediaTypes.OciManifest);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(subject.ToString(), put.Headers.GetValues("OCI-Subject").Single());
        var sbom = await r.ImageManifestAsync("app", 1, subject: subjectDescriptor, artifactType: "application/vnd.example.sbom");
        Assert.Equal(HttpStatusCode.Created, (await r.PutManifestAsync("app", Digest.Sha256(sbom).ToString(), sbom, MediaTypes.OciManifest)).StatusCode);

        var all = await r.Client.GetAsync($"/v2/app/referrers/{subject}");
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        Assert.Equal(MediaTypes.OciIndex, all.Content.Headers.ContentType!.MediaType);
        var index = JsonSerializer.Deserialize(await all.Content.ReadAsByteArrayAsync(), OciJson.Default.ImageIndex)!;
        Assert.Equal(2, index.Manifests.Count);
        Assert.Contains(index.Manifests, m => m.Digest == Digest.Sha256(signature).ToString() && m.ArtifactType == "application/vnd.example.signature" && m.Size == signature.Length);

        var filtered = await r.Client.GetAsync($"/v2/app/referrers/{subject}?artifactType=application/vnd.example.sbom");
        Assert.Equal("artifactType", filtered.Headers.GetValues("OCI-Filters-Applied").Single());
        var only = JsonSerializer.Deserialize(await filtered.Content.ReadAsByteArrayAsync(), OciJson.Default.ImageIndex)!;
        Assert.Equal(Digest.Sha256(sbom).ToString(), Assert.Single(only.Manifests).Digest);

        var none = JsonSerializer.Deserialize(await r.Client.GetByteArrayAsync($"/v2/app/referrers/{Digest.Sha256("unrelated"u8)}"), OciJson.Default.ImageIndex)!;
        Assert.Empty(none.Manifests);
        await TestRegistry.AssertErrorAsync(await r.Client.GetAsync("/v2/app/referrers/sha256:zz"), HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }
}
