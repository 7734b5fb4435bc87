using System.Text.Json.Serialization;
using Wharf.Api.Client.Requests;

namespace Wharf.Api.Client;

/// <summary>Source-generated JSON for what the client sends beyond the shared Engine API models (ApiJson): credentials and filters.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AuthConfigRequest))]
[JsonSerializable(typeof(Dictionary<string, Dictionary<string, bool>>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
public sealed partial class ClientJsonContext : JsonSerializerContext;
