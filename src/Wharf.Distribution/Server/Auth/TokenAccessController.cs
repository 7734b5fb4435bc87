using Microsoft.AspNetCore.Http;
using Wharf.Distribution.Server.Http;

namespace Wharf.Distribution.Server.Auth;

/// <summary>
/// Docker token auth: a client shows a bearer token (JWT) signed by the configured key whose
/// <c>access</c> claim lists per-repository actions. Without one, or with too little scope, it gets
/// 401 and a <c>WWW-Authenticate: Bearer realm,service,scope</c> challenge that tells it what to ask the realm for.
/// </summary>
public sealed class TokenAccessController(TokenKey key, string? realm, string service, string? issuer) : IAccessController
{
    public ValueTask<AccessGrant> AuthorizeAsync(HttpContext ctx, IReadOnlyList<AccessRequest> needed)
    {
        var header = ctx.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            throw Challenge(ctx, needed, null, "a bearer token is required");
        TokenClaims claims;
        try { claims = JsonWebToken.Verify(header[7..].Trim(), key, issuer, service, DateTimeOffset.UtcNow); }
        catch (FormatException e) { throw Challenge(ctx, needed, "invalid_token", e.Message); }

        var grant = new AccessGrant(claims.Subject, request => claims.Access.Any(a =>
            a.Type == request.Type && a.Name == request.Name && (a.Actions.Contains(request.Action) || a.Actions.Contains("*"))));
        foreach (var request in needed)
            if (!grant.Allows(request)) throw Challenge(ctx, needed, "insufficient_scope", $"token does not grant {request}");
        return new(grant);
    }

    private RegistryException Challenge(HttpContext ctx, IReadOnlyList<AccessRequest> needed, string? error, string why)
    {
        var realmUrl = realm ?? $"{ctx.Request.Scheme}://{ctx.Request.Host}{TokenIssuer.Path}";
        var challenge = $"Bearer realm=\"{realmUrl}\",service=\"{service}\"";
        if (needed.Count > 0) challenge += $",scope=\"{Scope(needed)}\"";
        if (error is not null) challenge += $",error=\"{error}\"";
        ctx.Response.Headers.WWWAuthenticate = challenge;
        return RegistryException.Unauthorized(why);
    }

    /// <summary>"repository:a:pull,push repository:b:pull": one entry per resource, its actions joined.</summary>
    public static string Scope(IReadOnlyList<AccessRequest> needed) => string.Join(' ',
        needed.GroupBy(r => (r.Type, r.Name)).Select(g => $"{g.Key.Type}:{g.Key.Name}:{string.Join(',', g.Select(r => r.Action).Distinct())}"));
}
