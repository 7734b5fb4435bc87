using System.Text.Json.Serialization;

namespace Wharf.Api.Client.Requests;

/// <summary>Registry credentials: the POST /auth body and, base64url-encoded, the X-Registry-Auth header.</summary>
public sealed class AuthConfigRequest
{
    [JsonPropertyName("username")] public string? Username { get; set; }
    [JsonPropertyName("password")] public string? Password { get; set; }
    [JsonPropertyName("auth")] public string? Auth { get; set; }
    [JsonPropertyName("serveraddress")] public string? ServerAddress { get; set; }
    [JsonPropertyName("identitytoken")] public string? IdentityToken { get; set; }
}
