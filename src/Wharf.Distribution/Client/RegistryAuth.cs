using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wharf.Distribution.Client;

/// <summary>Credentials for one registry, as Docker's <c>X-Registry-Auth</c> header and <c>POST /auth</c> carry them.</summary>
public sealed class RegistryAuth
{
    [JsonPropertyName("username")] public string? Username { get; set; }
    [JsonPropertyName("password")] public string? Password { get; set; }
    [JsonPropertyName("serveraddress")] public string? ServerAddress { get; set; }
    [JsonPropertyName("identitytoken")] public string? IdentityToken { get; set; }
    [JsonPropertyName("registrytoken")] public string? RegistryToken { get; set; }

    public bool HasCredentials => !string.IsNullOrEmpty(Username) || !string.IsNullOrEmpty(Password);

    /// <summary>Decodes the header value: base64url (padding optional) of a JSON object. Empty means anonymous.</summary>
    public static RegistryAuth? Decode(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
        string b64 = header.Trim().Replace('-', '+').Replace('_', '/');
        b64 = b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=');
        byte[] json;
        try { json = Convert.FromBase64String(b64); }
        catch (FormatException) { throw new FormatException("invalid X-Registry-Auth header: not base64url"); }
        try { return JsonSerializer.Deserialize(json, RegistryAuthJson.Default.RegistryAuth); }
        catch (JsonException) { throw new FormatException("invalid X-Registry-Auth header: not a JSON object"); }
    }

    public string Encode() => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(this, RegistryAuthJson.Default.RegistryAuth))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal string BasicHeader() => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RegistryAuth))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(RegistryErrors))]
internal sealed partial class RegistryAuthJson : JsonSerializerContext;

internal sealed class TokenResponse
{
    [JsonPropertyName("token")] public string? Token { get; set; }
    [JsonPropertyName("access_token")] public string? AccessToken { get; set; }
    [JsonPropertyName("expires_in")] public int? ExpiresIn { get; set; }
    [JsonPropertyName("issued_at")] public DateTimeOffset? IssuedAt { get; set; }
}

internal sealed class RegistryErrors
{
    [JsonPropertyName("errors")] public List<RegistryError>? Errors { get; set; }
}

internal sealed class RegistryError
{
    [JsonPropertyName("code")] public string? Code { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }
}
