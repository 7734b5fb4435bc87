using System.Text;
using Microsoft.AspNetCore.Http;

namespace Wharf.Distribution.Server.Auth;

/// <summary>The user and password of an <c>Authorization: Basic</c> header.</summary>
public static class BasicCredentials
{
    public static (string User, string Password)? From(HttpContext ctx)
    {
        var header = ctx.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return null;
        string decoded;
        try { decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim())); }
        catch (FormatException) { return null; }
        int colon = decoded.IndexOf(':');
        return colon <= 0 ? null : (decoded[..colon], decoded[(colon + 1)..]);
    }
}
