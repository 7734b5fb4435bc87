using System.Text.Json.Serialization;

namespace Wharf.Images.Progress;

/// <summary>One line of Docker's JSON progress stream, as the docker CLI reads it (pull, push, load).</summary>
public sealed class JsonMessage
{
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("progressDetail")] public ProgressDetail? ProgressDetail { get; set; }
    [JsonPropertyName("progress")] public string? Progress { get; set; }
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("stream")] public string? Stream { get; set; }
    [JsonPropertyName("errorDetail")] public ErrorDetail? ErrorDetail { get; set; }
    [JsonPropertyName("error")] public string? Error { get; set; }
    [JsonPropertyName("aux")] public Dictionary<string, object>? Aux { get; set; }

    public static JsonMessage Of(string status, string? id = null) => new() { Status = status, Id = id };

    /// <summary>A progress line with Docker's bar, e.g. <c>[=====&gt;     ]  1.2MB/3.4MB</c>.</summary>
    public static JsonMessage Bar(string status, string id, long current, long total) => new()
    {
        Status = status, Id = id,
        ProgressDetail = new ProgressDetail { Current = current, Total = total },
        Progress = ProgressBar.Format(current, total),
    };

    public static JsonMessage Failure(string message) => new() { Error = message, ErrorDetail = new ErrorDetail { Message = message } };
}

public sealed class ProgressDetail
{
    [JsonPropertyName("current")] public long Current { get; set; }
    [JsonPropertyName("total")] public long Total { get; set; }
}

public sealed class ErrorDetail
{
    [JsonPropertyName("code")] public int? Code { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JsonMessage))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(long))]
public sealed partial class JsonMessageJson : JsonSerializerContext;
