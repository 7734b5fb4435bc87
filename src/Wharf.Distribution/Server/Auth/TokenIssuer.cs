using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Wharf.Distribution.Server.Http;

namespace Wharf.Distribution.Server.Auth;

/// <summary>
/// A built-in token realm at <c>/auth/token</c>, for a registry that signs its own tokens: it checks
/// basic credentials against htpasswd and returns a token for the requested scopes (without htpasswd,
/// anonymous tokens that can only pull),
/// in the JSON shape Docker clients read (<c>token</c>, <c>access_token</c>, <c>expires_in</c>, <c>issued_at</c>).
/// </summary>
public sealed class TokenIssuer(TokenKey key, string service, string issuer, HtpasswdFile? users, TimeSpan lifetime)
{
    public const string Path = "/auth/token";
    private static readonly string[] KnownActions = [AccessRequest.Pull, AccessRequest.Push, AccessRequest.Delete, "*"];

    public async Task HandleAsync(HttpContext ctx)
    {
        string subject = "";
        if (users is not null)
        {
            if (BasicCredentials.From(ctx) is not { } c || !users.Verify(c.User, c.Password))
            {
                ctx.Response.Headers.WWWAuthenticate = $"Basic realm=\"{service}\"";
                await ErrorResponse.WriteAsync(ctx, RegistryException.Unauthorized("valid basic credentials are required for a token"));
                return;
            }
            subject = c.User;
        }
        var requestedService = ctx.Request.Query["service"].ToString();
        if (requestedService.Length > 0 && requestedService != service)
        {
            await ErrorResponse.WriteAsync(ctx, new RegistryException(400, "UNSUPPORTED", "unknown service", requestedService));
            return;
        }

        var access = ctx.Request.Query["scope"].SelectMany(s => (s ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(ParseScope).OfType<TokenAccess>().ToList();
        if (users is null) access = PullOnly(access); // no user list: anyone may pull, nobody may write
        var now = DateTimeOffset.UtcNow;
        var token = JsonWebToken.Sign(new TokenClaims(issuer, subject, service, now, now + lifetime, access), key);

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("token", token);
            json.WriteString("access_token", token);
            json.WriteNumber("expires_in", (int)lifetime.TotalSeconds);
            json.WriteString("issued_at", now.UtcDateTime.ToString("O")); // RFC 3339 with Z: Go clients parse it strictly
            json.WriteEndObject();
        }
        ctx.Response.ContentType = "application/json";
        ctx.Response.ContentLength = buffer.Length;
        await ctx.Response.Body.WriteAsync(buffer.ToArray());
    }

    private static List<TokenAccess> PullOnly(List<TokenAccess> access) =>
        access.Where(a => a.Type == "repository" && a.Actions.Contains(AccessRequest.Pull))
              .Select(a => a with { Actions = [AccessRequest.Pull] }).ToList();

    /// <summary>"repository:name:pull,push" → an access entry, or null for scopes this registry does not know.</summary>
    public static TokenAccess? ParseScope(string scope)
    {
        int first = scope.IndexOf(':'), last = scope.LastIndexOf(':');
        if (first <= 0 || last <= first) return null;
        string type = scope[..first], name = scope[(first + 1)..last];
        var actions = scope[(last + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries).Where(a => KnownActions.Contains(a)).ToList();
        bool known = type == "repository" ? RepositoryNames.IsValidName(name) : type == "registry" && name == "catalog";
        return known && actions.Count > 0 ? new TokenAccess(type, name, actions) : null;
    }
}
