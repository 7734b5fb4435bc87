using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Wharf.Oci;
using Wharf.Oci.Image;

namespace Wharf.Distribution.Server.Http;

/// <summary>Content discovery: tag list, catalog (both paginated with <c>n</c>/<c>last</c>) and referrers.</summary>
internal static class ListingEndpoints
{
    public static async Task TagsAsync(HttpContext ctx, RegistryServices s, RegistryRoute route)
    {
        var ct = ctx.RequestAborted;
        if (!await s.Catalog.ContainsAsync(route.Name, ct)) throw RegistryException.NameUnknown(route.Name);
        var (n, last) = Pagination(ctx);
        var (page, more) = Content.Paging.Page(await s.Manifests.TagsAsync(route.Name, ct), n, last);
        if (more && page.Count > 0) ctx.Response.Headers.Link = $"</v2/{route.Name}/tags/list?n={n}&last={Uri.EscapeDataString(page[^1])}>; rel=\"next\"";
        await WriteListAsync(ctx, "tags", page, route.Name);
    }

    public static async Task CatalogAsync(HttpContext ctx, RegistryServices s)
    {
        var (n, last) = Pagination(ctx);
        var (page, more) = await s.Catalog.PageAsync(n, last, ctx.RequestAborted);
        if (more && page.Count > 0) ctx.Response.Headers.Link = $"</v2/_catalog?n={n}&last={Uri.EscapeDataString(page[^1])}>; rel=\"next\"";
        await WriteListAsync(ctx, "repositories", page, null);
    }

    public static async Task ReferrersAsync(HttpContext ctx, RegistryServices s, RegistryRoute route)
    {
        var subject = BlobEndpoints.ParseDigest(route.Reference);
        var artifactType = ctx.Request.Query["artifactType"].ToString();
        var filter = artifactType.Length > 0 ? artifactType : null;
        var manifests = await s.Manifests.ReferrersAsync(route.Name, subject, filter, ctx.RequestAborted);
        var index = new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = manifests };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(index, OciJson.Default.ImageIndex);
        if (filter is not null) ctx.Response.Headers["OCI-Filters-Applied"] = "artifactType";
        ctx.Response.ContentType = MediaTypes.OciIndex;
        ctx.Response.ContentLength = bytes.Length;
        if (!HttpMethods.IsHead(ctx.Request.Method)) await ctx.Response.Body.WriteAsync(bytes, ctx.RequestAborted);
    }

    private static (int N, string? Last) Pagination(HttpContext ctx)
    {
        var q = ctx.Request.Query;
        int n = int.MaxValue;
        if (q["n"].ToString() is { Length: > 0 } text && (!int.TryParse(text, out n) || n < 0))
            throw new RegistryException(400, "PAGINATION_NUMBER_INVALID", "invalid number of results requested", text);
        var last = q["last"].ToString();
        return (n, last.Length > 0 ? last : null);
    }

    private static async Task WriteListAsync(HttpContext ctx, string property, List<string> items, string? name)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (name is not null) json.WriteString("name", name);
            json.WriteStartArray(property);
            foreach (var item in items) json.WriteStringValue(item);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        ctx.Response.ContentType = "application/json";
        ctx.Response.ContentLength = buffer.Length;
        if (!HttpMethods.IsHead(ctx.Request.Method)) await ctx.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ctx.RequestAborted);
    }
}
