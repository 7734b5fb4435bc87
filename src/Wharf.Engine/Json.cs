using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Wharf.Api.Models;
using Wharf.Engine.Containers;

namespace Wharf.Engine;

/// <summary>Source-generated JSON for the engine's own state files.</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(ContainerRecord))]
[JsonSerializable(typeof(HostConfig))]
public sealed partial class EngineJson : JsonSerializerContext
{
    public static EngineJson Files { get; } = new(new JsonSerializerOptions
    {
        PropertyNameCaseInsensitive = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });
}

/// <summary>The OCI process JSON handed to <c>runtime exec --process</c> (camelCase like the runtime spec).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Wharf.Oci.Runtime.Process))]
public sealed partial class OciProcessJson : JsonSerializerContext;
