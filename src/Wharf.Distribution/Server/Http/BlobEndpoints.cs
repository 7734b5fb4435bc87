using Microsoft.AspNetCore.Http;
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

        if (s.Blobs.LocalFile(digest) is { } file)
        {
            await response.SendFileAsync(file, offset, length, ct);
            return;
        }
        await using var stream = await s.Blobs.OpenReadAsync(digest, offset, ct);
        await CopyExactlyAsync(stream, response.Body, length, ct);
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

    private static async Task CopyExactlyAsync(Stream from, Stream to, long length, CancellationToken ct)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 18);
        try
        {
            while (length > 0)
            {
                int read = await from.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length)), ct);
                if (read == 0) throw new IOException("blob ended before its recorded size");
                await to.WriteAsync(buffer.AsMemory(0, read), ct);
                length -= read;
            }
        }
        finally { System.Buffers.ArrayPool<byte>.Shared.Return(buffer); }
    }
}
