using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Wharf.Images.Copy;
using Wharf.Images.References;
using Wharf.Oci;
using Wharf.Oci.Image;

namespace Wharf.Distribution.Client;

public sealed partial class RegistryClient
{
    private static readonly string[] ManifestAccept =
        [MediaTypes.OciIndex, MediaTypes.DockerManifestList, MediaTypes.OciManifest, MediaTypes.DockerManifest];

    private static string[] Pull(ImageReference r) => [$"repository:{r.Path}:pull"];
    private static string[] PushScope(ImageReference r) => [$"repository:{r.Path}:pull,push"];

    /// <summary>GET a manifest by tag or digest; when fetched by digest the bytes are verified against it.</summary>
    public async Task<ManifestBlob> GetManifestAsync(ImageReference repo, string tagOrDigest, CancellationToken ct)
    {
        using var response = await SendAsync(repo.Domain, Pull(repo), endpoint =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint, $"v2/{repo.Path}/manifests/{tagOrDigest}"));
            foreach (var type in ManifestAccept) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
            return request;
        }, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw await ErrorFromAsync(response, $"manifest for {repo.FamiliarRepository}:{tagOrDigest}", ct).ConfigureAwait(false);
        if (response.Content.Headers.ContentLength is > ImageCopier.MaxManifestOrConfigBytes)
            throw new UnsupportedMediaTypeException("manifest too large");
        var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        var digest = Digest.Sha256(bytes);
        if (Digest.TryParse(tagOrDigest, out var wanted) && wanted != digest)
            throw new Images.Content.DigestMismatchException($"manifest digest mismatch: asked for {wanted}, got {digest}");
        string mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        return new ManifestBlob(bytes, ManifestParser.MediaTypeOf(bytes, mediaType), digest);
    }

    /// <summary>Streams a blob from <paramref name="offset"/> (a Range request when &gt; 0).</summary>
    public async Task<Stream> OpenBlobAsync(ImageReference repo, Descriptor blob, long offset, CancellationToken ct)
    {
        var response = await SendAsync(repo.Domain, Pull(repo), endpoint =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint, $"v2/{repo.Path}/blobs/{blob.Digest}"));
            if (offset > 0) request.Headers.Range = new RangeHeaderValue(offset, null);
            return request;
        }, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                var error = await ErrorFromAsync(response, $"blob {blob.Digest}", ct).ConfigureAwait(false);
                throw new BlobOpenException(error.Message, error.Status is >= HttpStatusCode.InternalServerError or HttpStatusCode.TooManyRequests);
            }
        }
        if (offset > 0 && response.StatusCode != HttpStatusCode.PartialContent)
        {
            response.Dispose();
            throw new RangeNotSupportedException($"registry ignored the Range request for {blob.Digest}; cannot resume");
        }
        var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        return new ResponseStream(response, stream);
    }

    public async Task<bool> BlobExistsAsync(ImageReference repo, string digest, CancellationToken ct)
    {
        using var response = await SendAsync(repo.Domain, PushScope(repo),
            endpoint => new HttpRequestMessage(HttpMethod.Head, new Uri(endpoint, $"v2/{repo.Path}/blobs/{digest}")),
            HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        if (!response.IsSuccessStatusCode) throw await ErrorFromAsync(response, $"blob {digest}", ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>Tries a cross-repository mount; true when the registry mounted it (201).</summary>
    public async Task<bool> MountBlobAsync(ImageReference repo, string digest, string fromPath, CancellationToken ct)
    {
        using var response = await SendAsync(repo.Domain, [$"repository:{repo.Path}:pull,push", $"repository:{fromPath}:pull"],
            endpoint => new HttpRequestMessage(HttpMethod.Post,
                new Uri(endpoint, $"v2/{repo.Path}/blobs/uploads/?mount={Uri.EscapeDataString(digest)}&from={Uri.EscapeDataString(fromPath)}")),
            HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Created) return true;
        if (response.StatusCode == HttpStatusCode.Accepted && response.Headers.Location is { } location)
        {
            // Not mounted: cancel the upload session the registry opened instead.
            var cancel = Resolve(response, location);
            using var _ = await SendAsync(repo.Domain, PushScope(repo), __ => new HttpRequestMessage(HttpMethod.Delete, cancel),
                HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        return false;
    }

    /// <summary>Uploads a blob: one PUT when it is small, PATCH chunks with Content-Range otherwise, then the
    /// closing PUT with the digest. <paramref name="progress"/> gets the bytes sent so far.</summary>
    public async Task UploadBlobAsync(ImageReference repo, Descriptor blob, Func<Stream> open, Action<long>? progress, CancellationToken ct)
    {
        using var start = await SendAsync(repo.Domain, PushScope(repo),
            endpoint => new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, $"v2/{repo.Path}/blobs/uploads/")),
            HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        if (start.StatusCode != HttpStatusCode.Accepted || start.Headers.Location is null)
            throw await ErrorFromAsync(start, $"upload of {blob.Digest}", ct).ConfigureAwait(false);
        var location = Resolve(start, start.Headers.Location);
        if (blob.Size > _options.ChunkSize)
        {
            using var source = open();
            var buffer = new byte[_options.ChunkSize];
            long sent = 0;
            while (sent < blob.Size)
            {
                int n = await source.ReadAtLeastAsync(buffer, (int)Math.Min(buffer.Length, blob.Size - sent), throwOnEndOfStream: true, ct).ConfigureAwait(false);
                long from = sent;
                var target = location;
                using var patch = await SendAsync(repo.Domain, PushScope(repo), _ =>
                {
                    var request = new HttpRequestMessage(HttpMethod.Patch, target) { Content = new ByteArrayContent(buffer, 0, n) };
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                    request.Content.Headers.TryAddWithoutValidation("Content-Range", $"{from}-{from + n - 1}");
                    return request;
                }, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
                if (patch.StatusCode != HttpStatusCode.Accepted) throw await ErrorFromAsync(patch, $"upload of {blob.Digest}", ct).ConfigureAwait(false);
                if (patch.Headers.Location is { } next) location = Resolve(patch, next);
                sent += n;
                progress?.Invoke(sent);
            }
            await FinishUploadAsync(repo, blob, location, null, ct).ConfigureAwait(false);
        }
        else
        {
            await FinishUploadAsync(repo, blob, location, open, ct).ConfigureAwait(false);
            progress?.Invoke(blob.Size);
        }
    }

    private async Task FinishUploadAsync(ImageReference repo, Descriptor blob, Uri location, Func<Stream>? open, CancellationToken ct)
    {
        var url = new UriBuilder(location);
        url.Query = (url.Query.TrimStart('?') is { Length: > 0 } q ? q + "&" : "") + "digest=" + Uri.EscapeDataString(blob.Digest);
        using var put = await SendAsync(repo.Domain, PushScope(repo), _ =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, url.Uri);
            request.Content = open is null ? new ByteArrayContent([]) : new StreamContent(open(), 1 << 20);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            if (open is not null) request.Content.Headers.ContentLength = blob.Size;
            return request;
        }, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        if (put.StatusCode != HttpStatusCode.Created) throw await ErrorFromAsync(put, $"upload of {blob.Digest}", ct).ConfigureAwait(false);
    }

    public async Task<Digest> PutManifestAsync(ImageReference repo, string tagOrDigest, ManifestBlob manifest, CancellationToken ct)
    {
        using var response = await SendAsync(repo.Domain, PushScope(repo), endpoint =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, new Uri(endpoint, $"v2/{repo.Path}/manifests/{tagOrDigest}"))
            { Content = new ByteArrayContent(manifest.Bytes) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(manifest.MediaType);
            return request;
        }, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created) throw await ErrorFromAsync(response, $"manifest {tagOrDigest}", ct).ConfigureAwait(false);
        return manifest.Digest;
    }

    /// <summary>The repository's tags (for <c>pull --all-tags</c>).</summary>
    public async Task<IReadOnlyList<string>> ListTagsAsync(ImageReference repo, CancellationToken ct)
    {
        using var response = await SendAsync(repo.Domain, Pull(repo),
            endpoint => new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint, $"v2/{repo.Path}/tags/list")),
            HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw await ErrorFromAsync(response, $"repository {repo.FamiliarRepository}", ct).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false));
        return doc.RootElement.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array
            ? tags.EnumerateArray().Select(t => t.GetString()!).ToList()
            : [];
    }

    /// <summary>Checks credentials against <c>/v2/</c> (what <c>docker login</c> does).</summary>
    public async Task LoginAsync(string domain, CancellationToken ct)
    {
        using var response = await SendAsync(domain, [], endpoint => new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint, "v2/")),
            HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw await ErrorFromAsync(response, "registry", ct).ConfigureAwait(false);
    }

    private static Uri Resolve(HttpResponseMessage response, Uri location) =>
        location.IsAbsoluteUri ? location : new Uri(response.RequestMessage!.RequestUri!, location);
}

/// <summary>A response body that disposes its response with it.</summary>
internal sealed class ResponseStream(HttpResponseMessage response, Stream inner) : Images.Streams.ReadOnlyStream
{
    public override int Read(Span<byte> buffer) => inner.Read(buffer);
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => inner.ReadAsync(buffer, ct);

    protected override void Dispose(bool disposing)
    {
        if (disposing) { inner.Dispose(); response.Dispose(); }
        base.Dispose(disposing);
    }
}
