using System.Text.Json;

namespace Wharf.Api.Client;

/// <summary>The daemon answered with an error status; <see cref="Exception.Message"/> is the daemon's text.</summary>
public sealed class EngineApiException : Exception
{
    public int StatusCode { get; }

    public EngineApiException(int statusCode, string message) : base(message) => StatusCode = statusCode;

    public bool IsNotFound => StatusCode == 404;

    /// <summary>Reads an error body the way docker's client does: JSON <c>{"message":…}</c> when the type is exactly JSON, else the raw text.</summary>
    public static EngineApiException FromBody(int status, string? contentType, string body, string route)
    {
        body = body.Trim();
        if (contentType == "application/json" && body.Length > 0)
        {
            try
            {
                using var doc = JsonDocument.Parse(body);
                if (doc.RootElement.ValueKind == JsonValueKind.Object &&
                    doc.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
                    return new EngineApiException(status, m.GetString()!);
            }
            catch (JsonException) { }
        }
        if (body.Length == 0) return new EngineApiException(status, $"request returned {ReasonPhrase(status)} for API route and version {route}, check if the server supports the requested API version");
        return new EngineApiException(status, body);
    }

    private static string ReasonPhrase(int status) => status switch
    {
        400 => "Bad Request", 401 => "Unauthorized", 403 => "Forbidden", 404 => "Not Found",
        409 => "Conflict", 500 => "Internal Server Error", 501 => "Not Implemented", 503 => "Service Unavailable",
        _ => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
