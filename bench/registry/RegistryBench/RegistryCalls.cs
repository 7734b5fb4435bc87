using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

/// <summary>The distribution API calls the load makes, in the order and shape docker makes them.</summary>
sealed class RegistryCalls(HttpClient client)
{
    /// <summary>What docker and containerd accept when they pull by tag.</summary>
    static readonly string[] ManifestAccept =
    [
        MediaTypes.OciManifest, MediaTypes.OciIndex,
        "application/vnd.docker.distribution.manifest.v2+json", "application/vnd.docker.distribution.manifest.list.v2+json",
    ];

    /// <summary>A repository name no earlier run used, so nothing pushed is already there.</summary>
    public static string UniqueRepository(string label) => $"bench/{label}-{Guid.NewGuid():N}"[..40].TrimEnd('-');

    public static string Sha256Digest(ReadOnlySpan<byte> bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>HEAD of a blob: true when the registry has it (200), false when not (404).</summary>
    public async Task<bool> BlobExistsAsync(string repo, string digest)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, $"/v2/{repo}/blobs/{digest}");
        using var response = await client.SendAsync(request);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => true,
            HttpStatusCode.NotFound => false,
            _ => throw Unexpected("HEAD blob", response),
        };
    }

    /// <summary>A monolithic upload as docker does it: POST, one PATCH with the whole body, PUT ?digest=.</summary>
    public async Task PushBlobAsync(string repo, byte[] bytes, string digest)
    {
        using var start = await client.PostAsync($"/v2/{repo}/blobs/uploads/", null);
        if (start.StatusCode != HttpStatusCode.Accepted) throw Unexpected("POST upload", start);
        using var patch = await client.PatchAsync(Absolute(start.Headers.Location), new ByteArrayContent(bytes));
        if (patch.StatusCode != HttpStatusCode.Accepted) throw Unexpected("PATCH upload", patch);
        var putUrl = new UriBuilder(Absolute(patch.Headers.Location));
        putUrl.Query = (putUrl.Query.Length > 1 ? putUrl.Query[1..] + "&" : "") + "digest=" + digest;
        using var done = await client.PutAsync(putUrl.Uri, null);
        if (done.StatusCode != HttpStatusCode.Created) throw Unexpected("PUT upload", done);
    }

    /// <summary>PUT of a manifest by tag; the registry's Docker-Content-Digest must be the manifest's own digest.</summary>
    public async Task PutManifestAsync(string repo, string tag, byte[] manifest, string mediaType)
    {
        var content = new ByteArrayContent(manifest);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = await client.PutAsync($"/v2/{repo}/manifests/{tag}", content);
        if (response.StatusCode != HttpStatusCode.Created) throw Unexpected("PUT manifest", response);
        var expected = Sha256Digest(manifest);
        var reported = DigestHeader(response);
        if (reported != expected) throw new InvalidDataException($"PUT manifest {repo}:{tag}: registry reports digest {reported}, the manifest's is {expected}");
    }

    /// <summary>GET of a manifest by tag; returns its body after checking Docker-Content-Digest against the body's SHA-256.</summary>
    public async Task<byte[]> GetManifestAsync(string repo, string tag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/{repo}/manifests/{tag}");
        foreach (var type in ManifestAccept) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        using var response = await client.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK) throw Unexpected("GET manifest", response);
        var body = await response.Content.ReadAsByteArrayAsync();
        var actual = Sha256Digest(body);
        var reported = DigestHeader(response);
        if (reported != actual) throw new InvalidDataException($"GET manifest {repo}:{tag}: Docker-Content-Digest {reported}, body's SHA-256 {actual}");
        return body;
    }

    /// <summary>GET of a blob, read to the end into a reused buffer that is not kept; returns the byte count.
    /// With a hash, every byte read is also fed to it.</summary>
    public async Task<long> ReadBlobAsync(string repo, string digest, IncrementalHash? hash = null)
    {
        using var response = await client.GetAsync($"/v2/{repo}/blobs/{digest}", HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != HttpStatusCode.OK) throw Unexpected("GET blob", response);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[1 << 18];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            hash?.AppendData(buffer, 0, read);
            total += read;
        }
        return total;
    }

    /// <summary>GET of a blob whose SHA-256 and size must match its descriptor, as a pulling client checks them.</summary>
    public async Task ReadVerifiedBlobAsync(string repo, Descriptor blob)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = await ReadBlobAsync(repo, blob.Digest, hash);
        var actual = "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
        if (actual != blob.Digest || size != blob.Size)
            throw new InvalidDataException($"GET blob {repo}@{blob.Digest}: received {size} bytes with digest {actual}, descriptor says {blob.Size} bytes");
    }

    Uri Absolute(Uri? location) =>
        location is null ? throw new InvalidDataException("registry response has no Location header")
        : location.IsAbsoluteUri ? location : new Uri(client.BaseAddress!, location);

    static string? DigestHeader(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.FirstOrDefault() : null;

    static HttpRequestException Unexpected(string call, HttpResponseMessage response) =>
        new($"{call} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {response.StatusCode}");
}
