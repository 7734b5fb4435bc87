namespace Wharf.Api.Models;

/// <summary>Docker's error body: <c>{"message":"…"}</c>.</summary>
public sealed class ErrorResponse
{
    [JsonPropertyName("message")] public string Message { get; set; } = "";
}
