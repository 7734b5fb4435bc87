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

    /// <summary>A plain status line (dockerd's progress.Message), e.g. "Pulling from library/busybox" or "Digest: …".</summary>
    public static JsonMessage Of(string status, string? id = null) => new() { Status = status, Id = id };

    /// <summary>A layer's status (dockerd's progress.Update): it carries an empty <c>progressDetail</c>, which is what
    /// tells the docker CLI to rewrite that layer's line in place instead of starting a new block.</summary>
    public static JsonMessage Layer(string status, string id) => new() { Status = status, Id = id, ProgressDetail = new ProgressDetail() };

    /// <summary>A progress line with Docker's bar, e.g. <c>[=====&gt;     ]  1.2MB/3.4MB</c>.</summary>
    public static JsonMessage Bar(string status, string id, long current, long total) => new()
    {
        Status = status, Id = id,
        ProgressDetail = new ProgressDetail { Current = current, Total = total },
        Progress = ProgressBar.Format(current, total),
    };

    public static JsonMessage Failure(string message) => new() { Error = message, ErrorDetail = new ErrorDetail { Message = message } };
}

/// <summary>Zeros are left out, as dockerd does: a status-only layer line reads <c>"progressDetail":{}</c>.</summary>
public sealed class ProgressDetail
{
    [JsonPropertyName("current"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public long Current { get; set; }
    [JsonPropertyName("total"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public long Total { get; set; }
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
