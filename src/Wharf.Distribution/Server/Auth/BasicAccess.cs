using Microsoft.AspNetCore.Http;
using Wharf.Distribution.Server.Http;

namespace Wharf.Distribution.Server.Auth;

/// <summary>htpasswd basic auth, as distribution does it: any known user may do everything.</summary>
public sealed class BasicAccess(HtpasswdFile users, string realm) : IAccessController
{
    public ValueTask<AccessGrant> AuthorizeAsync(HttpContext ctx, IReadOnlyList<AccessRequest> needed)
    {
        if (BasicCredentials.From(ctx) is { } c && users.Verify(c.User, c.Password))
            return new(AccessGrant.Everything(c.User));
        ctx.Response.Headers.WWWAuthenticate = $"Basic realm=\"{realm}\"";
        throw RegistryException.Unauthorized("valid basic credentials are required");
    }
}
