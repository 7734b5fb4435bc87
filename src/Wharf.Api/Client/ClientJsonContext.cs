using System.Text.Json.Serialization;
using Wharf.Api.Client.Requests;

namespace Wharf.Api.Client;

/// <summary>Source-generated JSON for the request bodies the client sends (NativeAOT-safe).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ContainerCreateRequest))]
[JsonSerializable(typeof(ExecCreateRequest))]
[JsonSerializable(typeof(ExecStartRequest))]
[JsonSerializable(typeof(ContainerUpdateRequest))]
[JsonSerializable(typeof(AuthConfigRequest))]
[JsonSerializable(typeof(Dictionary<string, Dictionary<string, bool>>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
public sealed partial class ClientJsonContext : JsonSerializerContext;
