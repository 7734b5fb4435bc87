using Microsoft.AspNetCore.Http;
using Wharf.Distribution.Server.Auth;

namespace Wharf.Distribution.Server.Http;

/// <summary>
/// The single entry point for <c>/v2/…</c>: parses the route, refuses writes in read-only mode,
/// asks the access controller for the scopes the call needs, dispatches, and turns every
/// <see cref="RegistryException"/> into the spec's error body.
/// </summary>
public sealed class RegistryRequestHandler(RegistryServices services)
{
    public const string SubjectItem = "wharf.registry.subject";

    public async Task HandleAsync(HttpContext ctx)
    {
        ctx.Response.Headers["Docker-Distribution-API-Version"] = "registry/2.0";
        try
        {
            var route = RegistryRoute.Parse(ctx.Request.Path.Value ?? "") ?? throw RegistryException.NotFound(ctx.Request.Path.Value ?? "");
            var method = ctx.Request.Method;
            bool reads = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
            if (!reads && services.Options.ReadOnly) throw RegistryException.Unsupported("the registry is in read-only mode");
            var grant = await services.Access.AuthorizeAsync(ctx, Needs(route, method));
            ctx.Items[SubjectItem] = grant.Subject;
            await DispatchAsync(ctx, route, method, grant);
        }
        catch (RegistryException e) when (!ctx.Response.HasStarted)
        {
            await ErrorResponse.WriteAsync(ctx, e);
        }
        catch (IOException e) when (e is not BadHttpRequestException && !ctx.Response.HasStarted && !ctx.RequestAborted.IsCancellationRequested)
        {
            // Storage failed (disk full, I/O error): still the spec's error shape, as distribution's UNKNOWN.
            await ErrorResponse.WriteAsync(ctx, new RegistryException(500, "UNKNOWN", "unknown error", e.Message));
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            // The client went away; an upload keeps what it stored and can resume.
        }
    }

    private Task DispatchAsync(HttpContext ctx, RegistryRoute route, string method, AccessGrant grant)
    {
        var s = services;
        bool get = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
        return (route.Kind, method) switch
        {
            (RouteKind.Base, _) when get => BaseAsync(ctx),
            (RouteKind.Catalog, _) when get => ListingEndpoints.CatalogAsync(ctx, s),
            (RouteKind.Tags, _) when get => ListingEndpoints.TagsAsync(ctx, s, route),
            (RouteKind.Referrers, _) when get => ListingEndpoints.ReferrersAsync(ctx, s, route),
            (RouteKind.Manifest, _) when get => ManifestEndpoints.GetAsync(ctx, s, route),
            (RouteKind.Manifest, "PUT") => ManifestEndpoints.PutAsync(ctx, s, route),
            (RouteKind.Manifest, "DELETE") => ManifestEndpoints.DeleteAsync(ctx, s, route),
            (RouteKind.Blob, _) when get => BlobEndpoints.GetAsync(ctx, s, route),
            (RouteKind.Blob, "DELETE") => BlobEndpoints.DeleteAsync(ctx, s, route),
            (RouteKind.UploadStart, "POST") => UploadEndpoints.StartAsync(ctx, s, route, grant),
            (RouteKind.Upload, "GET") => UploadEndpoints.GetStatusAsync(ctx, s, route),
            (RouteKind.Upload, "PATCH") => UploadEndpoints.PatchAsync(ctx, s, route),
            (RouteKind.Upload, "PUT") => UploadEndpoints.PutAsync(ctx, s, route),
            (RouteKind.Upload, "DELETE") => UploadEndpoints.CancelAsync(ctx, s, route),
            _ => throw RegistryException.Unsupported($"{method} is not supported on this endpoint"),
        };
    }

    private static Task BaseAsync(HttpContext ctx)
    {
        ctx.Response.ContentType = "application/json";
        ctx.Response.ContentLength = 2;
        return HttpMethods.IsHead(ctx.Request.Method) ? Task.CompletedTask : ctx.Response.WriteAsync("{}");
    }

    /// <summary>The scopes a call needs; the base endpoint needs none but still asks for credentials.</summary>
    public static IReadOnlyList<AccessRequest> Needs(RegistryRoute route, string method)
    {
        if (route.Kind == RouteKind.Base) return [];
        if (route.Kind == RouteKind.Catalog) return [AccessRequest.Catalog];
        bool get = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
        string action = route.Kind switch
        {
            RouteKind.Upload or RouteKind.UploadStart => AccessRequest.Push,
            _ when get => AccessRequest.Pull,
            _ when HttpMethods.IsDelete(method) => AccessRequest.Delete,
            _ => AccessRequest.Push,
        };
        return [AccessRequest.Repository(route.Name, action)];
    }
}
