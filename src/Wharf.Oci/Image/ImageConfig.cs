using System.Text.Json.Serialization;

namespace Wharf.Oci.Image;

/// <summary>The image configuration blob. Its sha256 is the image ID, so stored configs are kept byte-exact
/// and this type is only used to read them or to write new ones.</summary>
public sealed class ImageConfig
{
    public DateTimeOffset? Created { get; set; }
    public string? Author { get; set; }
    public string Architecture { get; set; } = "amd64";
    public string Os { get; set; } = "linux";
    [JsonPropertyName("os.version")] public string? OsVersion { get; set; }
    public string? Variant { get; set; }
    public ContainerConfig? Config { get; set; }
    public RootFs Rootfs { get; set; } = new();
    public List<HistoryEntry>? History { get; set; }
    // Docker-specific fields some images carry.
    [JsonPropertyName("docker_version")] public string? DockerVersion { get; set; }
    public string? Comment { get; set; }
}

/// <summary>The execution parameters inside an image config. Keys are Go-cased, as Docker writes them.</summary>
public sealed class ContainerConfig
{
    [JsonPropertyName("User")] public string? User { get; set; }
    [JsonPropertyName("ExposedPorts")] public Dictionary<string, EmptyObject>? ExposedPorts { get; set; }
    [JsonPropertyName("Env")] public List<string>? Env { get; set; }
    [JsonPropertyName("Entrypoint")] public List<string>? Entrypoint { get; set; }
    [JsonPropertyName("Cmd")] public List<string>? Cmd { get; set; }
    [JsonPropertyName("Volumes")] public Dictionary<string, EmptyObject>? Volumes { get; set; }
    [JsonPropertyName("WorkingDir")] public string? WorkingDir { get; set; }
    [JsonPropertyName("Labels")] public Dictionary<string, string>? Labels { get; set; }
    [JsonPropertyName("StopSignal")] public string? StopSignal { get; set; }
    [JsonPropertyName("ArgsEscaped")] public bool? ArgsEscaped { get; set; }
    [JsonPropertyName("Healthcheck")] public HealthcheckConfig? Healthcheck { get; set; }
    [JsonPropertyName("OnBuild")] public List<string>? OnBuild { get; set; }
    [JsonPropertyName("Shell")] public List<string>? Shell { get; set; }
}

/// <summary>Docker's healthcheck. Durations are nanoseconds.</summary>
public sealed class HealthcheckConfig
{
    [JsonPropertyName("Test")] public List<string>? Test { get; set; }
    [JsonPropertyName("Interval")] public long? Interval { get; set; }
    [JsonPropertyName("Timeout")] public long? Timeout { get; set; }
    [JsonPropertyName("StartPeriod")] public long? StartPeriod { get; set; }
    [JsonPropertyName("StartInterval")] public long? StartInterval { get; set; }
    [JsonPropertyName("Retries")] public int? Retries { get; set; }
}

/// <summary>The <c>{}</c> used as a set member in ExposedPorts and Volumes.</summary>
public sealed class EmptyObject { }

public sealed class RootFs
{
    public string Type { get; set; } = "layers";
    [JsonPropertyName("diff_ids")] public List<string> DiffIds { get; set; } = [];
}

public sealed class HistoryEntry
{
    public DateTimeOffset? Created { get; set; }
    [JsonPropertyName("created_by")] public string? CreatedBy { get; set; }
    public string? Author { get; set; }
    public string? Comment { get; set; }
    [JsonPropertyName("empty_layer")] public bool? EmptyLayer { get; set; }
}
