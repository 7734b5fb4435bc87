using Microsoft.AspNetCore.Http;

namespace Wharf.Distribution.Server.Http;

/// <summary>GET/HEAD/PUT/DELETE of <c>/v2/&lt;name&gt;/manifests/&lt;tag or digest&gt;</c>.</summary>
internal static class ManifestEndpoints
{
    public static async Task GetAsync(HttpContext ctx, RegistryServices s, RegistryRoute route)
    {
        var manifest = await s.Manifests.GetAsync(route.Name, route.Reference, ctx.RequestAborted);
        var response = ctx.Response;
        response.ContentType = manifest.MediaType;
        response.Headers["Docker-Content-Digest"] = manifest.Digest.ToString();
        response.Headers.ETag = $"\"{manifest.Digest}\"";
        response.ContentLength = manifest.Bytes.Length;
        if (!HttpMethods.IsHead(ctx.Request.Method)) await response.Body.WriteAsync(manifest.Bytes, ctx.RequestAborted);
    }

    public static async Task PutAsync(HttpContext ctx, RegistryServices s, RegistryRoute route)
    {
        int limit = s.Options.MaxManifestBytes;
        if (ctx.Request.ContentLength > limit) throw TooLarge(limit);
        var body = await ReadLimitedAsync(ctx.Request.Body, limit, ctx.RequestAborted);
        var (digest, subject) = await s.Manifests.PutAsync(route.Name, route.Reference, ctx.Request.ContentType, body, ctx.RequestAborted);
        var response = ctx.Response;
        response.StatusCode = StatusCodes.Status201Created;
        response.Headers.Location = $"/v2/{route.Name}/manifests/{digest}";
        response.Headers["Docker-Content-Digest"] = digest.ToString();
        if (subject is not null) response.Headers["OCI-Subject"] = subject.Digest;
        response.ContentLength = 0;
    }

    public static async Task DeleteAsync(HttpContext ctx, RegistryServices s, RegistryRoute route)
    {
        await s.Manifests.DeleteAsync(route.Name, route.Reference, ctx.RequestAborted);
        ctx.Response.StatusCode = StatusCodes.Status202Accepted;
        ctx.Response.ContentLength = 0;
    }

    private static RegistryException TooLarge(int limit) =>
        RegistryException.SizeInvalid($"manifest exceeds the limit of {limit} bytes", StatusCodes.Status413PayloadTooLarge);

    private static async Task<byte[]> ReadLimitedAsync(Stream body, int limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit) throw TooLarge(limit);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
