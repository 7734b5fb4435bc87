using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Wharf.Distribution.Server.Auth;

/// <summary>One entry of a registry token's <c>access</c> claim: <c>{"type","name","actions":[…]}</c>.</summary>
public sealed record TokenAccess(string Type, string Name, IReadOnlyList<string> Actions);

/// <summary>The claims of a Docker registry bearer token (a JWT).</summary>
public sealed record TokenClaims(string Issuer, string Subject, string Audience, DateTimeOffset NotBefore, DateTimeOffset Expires, IReadOnlyList<TokenAccess> Access);

/// <summary>Signs and verifies compact JWS tokens (ES256/RS256) carrying <see cref="TokenClaims"/>.</summary>
public static class JsonWebToken
{
    public static string Sign(TokenClaims claims, TokenKey key)
    {
        var header = Json(w =>
        {
            w.WriteString("typ", "JWT");
            w.WriteString("alg", key.Algorithm);
        });
        var payload = Json(w =>
        {
            w.WriteString("iss", claims.Issuer);
            w.WriteString("sub", claims.Subject);
            w.WriteString("aud", claims.Audience);
            w.WriteNumber("nbf", claims.NotBefore.ToUnixTimeSeconds());
            w.WriteNumber("iat", claims.NotBefore.ToUnixTimeSeconds());
            w.WriteNumber("exp", claims.Expires.ToUnixTimeSeconds());
            w.WriteString("jti", Guid.NewGuid().ToString("N"));
            w.WriteStartArray("access");
            foreach (var a in claims.Access)
            {
                w.WriteStartObject();
                w.WriteString("type", a.Type);
                w.WriteString("name", a.Name);
                w.WriteStartArray("actions");
                foreach (var action in a.Actions) w.WriteStringValue(action);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
        var signingInput = Base64Url.EncodeToString(header) + "." + Base64Url.EncodeToString(payload);
        return signingInput + "." + Base64Url.EncodeToString(key.Sign(Encoding.ASCII.GetBytes(signingInput)));
    }

    /// <summary>Checks signature, audience, issuer and validity window; throws <see cref="FormatException"/> saying what failed.</summary>
    public static TokenClaims Verify(string token, TokenKey key, string? issuer, string audience, DateTimeOffset now)
    {
        var parts = token.Split('.');
        if (parts.Length != 3) throw new FormatException("token is not a compact JWS");
        byte[] header, payload, signature;
        try
        {
            header = Base64Url.DecodeFromChars(parts[0]);
            payload = Base64Url.DecodeFromChars(parts[1]);
            signature = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (FormatException) { throw new FormatException("token is not base64url"); }

        string alg;
        try
        {
            using var h = JsonDocument.Parse(header);
            alg = h.RootElement.GetProperty("alg").GetString() ?? "";
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException) { throw new FormatException("token header is invalid"); }
        if (!key.Verify(alg, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature)) throw new FormatException("token signature is invalid");

        TokenClaims claims;
        try { claims = ParseClaims(payload); }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException) { throw new FormatException("token claims are invalid"); }
        if (claims.Audience != audience) throw new FormatException($"token audience \"{claims.Audience}\" is not \"{audience}\"");
        if (issuer is not null && claims.Issuer != issuer) throw new FormatException($"token issuer \"{claims.Issuer}\" is not \"{issuer}\"");
        var skew = TimeSpan.FromSeconds(60);
        if (now + skew < claims.NotBefore) throw new FormatException("token is not valid yet");
        if (now - skew >= claims.Expires) throw new FormatException("token has expired");
        return claims;
    }

    private static TokenClaims ParseClaims(byte[] payload)
    {
        using var doc = JsonDocument.Parse(payload);
        var root = doc.RootElement;
        string Str(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
        DateTimeOffset Time(string name, DateTimeOffset fallback) =>
            root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? DateTimeOffset.FromUnixTimeSeconds(v.GetInt64()) : fallback;
        string audience = root.TryGetProperty("aud", out var aud) && aud.ValueKind == JsonValueKind.Array
            ? aud.EnumerateArray().Select(a => a.GetString()).FirstOrDefault() ?? ""
            : Str("aud");
        var access = new List<TokenAccess>();
        if (root.TryGetProperty("access", out var list) && list.ValueKind == JsonValueKind.Array)
            foreach (var a in list.EnumerateArray())
                access.Add(new TokenAccess(a.GetProperty("type").GetString() ?? "", a.GetProperty("name").GetString() ?? "",
                    a.TryGetProperty("actions", out var acts) ? acts.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : []));
        return new TokenClaims(Str("iss"), Str("sub"), audience, Time("nbf", DateTimeOffset.MinValue), Time("exp", DateTimeOffset.MinValue), access);
    }

    private static byte[] Json(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
