using System.Text.Json;
using Wharf.Daemon.Http;
using Wharf.Distribution.Client;
using Wharf.Engine.Errors;

namespace Wharf.Daemon.Api;

/// <summary>Registry credentials as the docker CLI sends them: the <c>X-Registry-Auth</c> header (base64url JSON)
/// on pull/push, and a plain JSON body on <c>POST /auth</c>.</summary>
public static class RegistryAuthHeader
{
    public static RegistryAuth? FromHeader(HttpRequest request)
    {
        try { return RegistryAuth.Decode(request.Header("X-Registry-Auth")); }
        catch (FormatException e) { throw EngineException.Invalid(e.Message); }
    }

    /// <summary>The AuthConfig body of <c>POST /auth</c>; keys are matched case-insensitively, as Go does.</summary>
    public static async Task<RegistryAuth> FromBodyAsync(HttpRequest request)
    {
        using var doc = await JsonDocument.ParseAsync(request.Body);
        if (doc.RootElement.ValueKind != JsonValueKind.Object) throw EngineException.Invalid("invalid JSON: auth config must be an object");
        var auth = new RegistryAuth();
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            string? value = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null;
            switch (p.Name.ToLowerInvariant())
            {
                case "username": auth.Username = value; break;
                case "password": auth.Password = value; break;
                case "serveraddress": auth.ServerAddress = value; break;
                case "identitytoken": auth.IdentityToken = value; break;
                case "registrytoken": auth.RegistryToken = value; break;
            }
        }
        return auth;
    }
}
