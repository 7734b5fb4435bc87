using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Wharf.Distribution.Server.Auth;
using Wharf.Oci;

namespace Wharf.Distribution.Server.Http;

/// <summary>The push side of blobs: POST (start, monolithic, cross-repository mount), PATCH, PUT, GET status, DELETE.</summary>
internal static class UploadEndpoints
{
    public static async Task StartAsync(HttpContext ctx, RegistryServices s, RegistryRoute route, AccessGrant grant)
    {
        var ct = ctx.RequestAborted;
        var query = ctx.Request.Query;
        if (query["mount"].ToString() is { Length: > 0 } mount && Digest.TryParse(mount, out var mounted)
            && query["from"].ToString() is { Length: > 0 } from && RepositoryNames.IsValidName(from)
            && grant.Allows(AccessRequest.Repository(from, AccessRequest.Pull))
            && await s.Blobs.IsLinkedAsync(from, mounted, ct) && await s.Blobs.ExistsAsync(mounted, ct))
        {
            await s.Blobs.LinkAsync(route.Name, mounted, ct);
            Created(ctx, route.Name, mounted);
            return;
        }
        // A mount we cannot honour falls back to an ordinary upload session, as the spec says.

        var uuid = await s.Uploads.StartAsync(route.Name, ct);
        if (query["digest"].ToString() is { Length: > 0 } digestText)
        {
            var digest = BlobEndpoints.ParseDigest(digestText);
            await s.Uploads.CompleteAsync(route.Name, uuid, digest, ctx.Request.Body, ct);
            Created(ctx, route.Name, digest);
            return;
        }
        await StatusAsync(ctx, route.Name, uuid, 0, StatusCodes.Status202Accepted);
    }

    public static async Task PatchAsync(HttpContext ctx, RegistryServices s, RegistryRoute route)
    {
        var ct = ctx.RequestAborted;
        long? start = null;
        if (ByteRange.ParseContentRange(ctx.Request.Headers.ContentRange) is { } range)
        {
            if (ctx.Request.ContentLength is long declared && declared != range.End - range.Start + 1)
                throw RegistryException.RangeInvalid($"Content-Range {range.Start}-{range.End} does not match Content-Length {declared}");
            start = range.Start;
        }
        long size = await s.Uploads.AppendAsync(route.Name, route.Reference, ctx.Request.Body, start, ct);
        await StatusAsync(ctx, route.Name, route.Reference, size, StatusCodes.Status202Accepted);
    }

    public static async Task PutAsync(HttpContext ctx, RegistryServices s, RegistryRoute route)
    {
        var ct = ctx.RequestAborted;
        var digestText = ctx.Request.Query["digest"].ToString();
        if (digestText.Length == 0) throw RegistryException.DigestInvalid("the digest query parameter is required to complete an upload");
        var digest = BlobEndpoints.ParseDigest(digestText);
        bool hasBody = ctx.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? ctx.Request.ContentLength > 0;
        if (hasBody && ByteRange.ParseContentRange(ctx.Request.Headers.ContentRange) is { } range)
        {
            long current = await s.Uploads.SizeAsync(route.Name, route.Reference, ct);
            if (range.Start != current) throw RegistryException.RangeInvalid($"chunk starts at {range.Start} but the upload holds {current} bytes");
        }
        await s.Uploads.CompleteAsync(route.Name, route.Reference, digest, hasBody ? ctx.Request.Body : null, ct);
        Created(ctx, route.Name, digest);
    }

    public static async Task GetStatusAsync(HttpContext ctx, RegistryServices s, RegistryRoute route)
    {
        long size = await s.Uploads.SizeAsync(route.Name, route.Reference, ctx.RequestAborted);
        await StatusAsync(ctx, route.Name, route.Reference, size, StatusCodes.Status204NoContent);
    }

    public static async Task CancelAsync(HttpContext ctx, RegistryServices s, RegistryRoute route)
    {
        await s.Uploads.CancelAsync(route.Name, route.Reference, ctx.RequestAborted);
        ctx.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static Task StatusAsync(HttpContext ctx, string name, string uuid, long size, int status)
    {
        var response = ctx.Response;
        response.StatusCode = status;
        response.Headers.Location = $"/v2/{name}/blobs/uploads/{uuid}";
        // Inclusive end of what is stored; "0-0" for an empty upload, as distribution answers.
        response.Headers.Range = $"0-{Math.Max(0, size - 1)}";
        response.Headers["Docker-Upload-UUID"] = uuid;
        response.ContentLength = 0;
        return Task.CompletedTask;
    }

    private static void Created(HttpContext ctx, string name, Digest digest)
    {
        var response = ctx.Response;
        response.StatusCode = StatusCodes.Status201Created;
        response.Headers.Location = $"/v2/{name}/blobs/{digest}";
        response.Headers["Docker-Content-Digest"] = digest.ToString();
        response.ContentLength = 0;
    }
}
