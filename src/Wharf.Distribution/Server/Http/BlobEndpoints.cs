using Microsoft.AspNetCore.Http;
using Wharf.Distribution.Server.Hosting;
using Wharf.Oci;

namespace Wharf.Distribution.Server.Http;

/// <summary>GET/HEAD (with Range) and DELETE of <c>/v2/&lt;name&gt;/blobs/&lt;digest&gt;</c>.</summary>
internal static class BlobEndpoints
{
    public static async Task GetAsync(HttpContext ctx, RegistryServices s, RegistryRoute route)
    {
        var digest = ParseDigest(route.Reference);
        var ct = ctx.RequestAborted;
        long size = await s.Blobs.StatAsync(route.Name, digest, ct);
        var response = ctx.Response;
        response.Headers["Docker-Content-Digest"] = digest.ToString();
        response.Headers.ETag = $"\"{digest}\"";
        response.Headers.AcceptRanges = "bytes";
        response.Headers.CacheControl = "max-age=31536000";
        response.ContentType = "application/octet-stream";

        (long Offset, long Length)? range;
        try { range = ByteRange.ParseRange(ctx.Request.Headers.Range, size); }
        catch (RegistryException) { response.Headers.ContentRange = $"bytes */{size}"; throw; }
        long offset = range?.Offset ?? 0, length = range?.Length ?? size;
        if (range is not null)
        {
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = $"bytes {offset}-{offset + length - 1}/{size}";
        }
        response.ContentLength = length;
        if (HttpMethods.IsHead(ctx.Request.Method) || length == 0) return;

        await using var stream = await s.Blobs.OpenReadAsync(digest, offset, ct);
        // HTTP/1 only: an HTTP/2 body is framed, and the file's bytes would go out unframed.
        if (length >= SendFileMinimum && stream is FileStream file && ctx.Features.Get<IFileSendFeature>() is { } sender
            && (HttpProtocol.IsHttp11(ctx.Request.Protocol) || HttpProtocol.IsHttp10(ctx.Request.Protocol)))
            await SendFileAsync(sender, file, offset, response, length, ct);
        else
            await CopyToResponseAsync(stream, response, length, ct);
    }

    public static async Task DeleteAsync(HttpContext ctx, RegistryServices s, RegistryRoute route)
    {
        var digest = ParseDigest(route.Reference);
        await s.Blobs.UnlinkAsync(route.Name, digest, ctx.RequestAborted);
        ctx.Response.StatusCode = StatusCodes.Status202Accepted;
        ctx.Response.Headers["Docker-Content-Digest"] = digest.ToString();
        ctx.Response.ContentLength = 0;
    }

    public static Digest ParseDigest(string text) =>
        Digest.TryParse(text, out var d) ? d : throw RegistryException.DigestInvalid($"invalid digest \"{text}\"");

    /// <summary>
    /// Reads the blob straight into Kestrel's output pipe memory in large pieces: one copy from the page
    /// cache, none through an intermediate buffer (measured: 1.5x the rate of Kestrel's SendFileAsync, which copies through a 64 KiB buffer).
    /// </summary>
    private static async Task CopyToResponseAsync(Stream from, HttpResponse response, long length, CancellationToken ct)
    {
        var writer = response.BodyWriter;
        while (length > 0)
        {
            var memory = writer.GetMemory(ChunkSize);
            int read = await from.ReadAsync(memory[..(int)Math.Min(memory.Length, length)], ct);
            if (read == 0) throw new IOException("blob ended before its recorded size");
            writer.Advance(read);
            length -= read;
            var flushed = await writer.FlushAsync(ct);
            if (flushed.IsCanceled || flushed.IsCompleted) return;
        }
    }

    private const int ChunkSize = 1 << 20;

    /// <summary>
    /// A large blob goes from the page cache to the socket with sendfile(2): no copy into the process and
    /// back out. Kestrel counts a response's body bytes itself, only those written through it, so it takes a
    /// body sent around it for a short one and ends the connection after it; the response says
    /// <c>Connection: close</c>, so a client knows that before it reads the body and opens a new connection
    /// for its next request (one handshake per large blob, against a copy of every byte).
    /// </summary>
    private static async Task SendFileAsync(IFileSendFeature sender, FileStream file, long offset, HttpResponse response, long length, CancellationToken ct)
    {
        response.Headers.Connection = "close";
        await response.StartAsync(ct);
        await response.BodyWriter.FlushAsync(ct);
        await sender.SendFileAsync(file, offset, length);
    }

    /// <summary>Below this, a copy costs less than the new connection a file send leaves the client to open.</summary>
    private const long SendFileMinimum = 4 << 20;
}
