namespace Wharf.Api.Models;

/// <summary>One /events record; status/id/from are the legacy fields sent below API 1.52.</summary>
public sealed class EventMessage
{
    [JsonPropertyName("status"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Status { get; set; }
    [JsonPropertyName("id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Id { get; set; }
    [JsonPropertyName("from"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? From { get; set; }
    public string Type { get; set; } = "";
    public string Action { get; set; } = "";
    public EventActor Actor { get; set; } = new();
    [JsonPropertyName("scope")] public string Scope { get; set; } = "local";
    [JsonPropertyName("time")] public long Time { get; set; }
    [JsonPropertyName("timeNano")] public long TimeNano { get; set; }
}
