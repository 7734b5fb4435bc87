using System.Text.Json;
using System.Text.Json.Serialization;
using Wharf.Oci.Runtime;
using Wharf.Runtime.Containers;

namespace Wharf.Runtime;

/// <summary>Source-generated JSON for the runtime's own files and outputs (NativeAOT has no reflection JSON).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(ContainerRecord))]
[JsonSerializable(typeof(RuntimeStateView))]
[JsonSerializable(typeof(List<RuntimeStateView>))]
[JsonSerializable(typeof(State))]
[JsonSerializable(typeof(Spec))]
[JsonSerializable(typeof(Wharf.Oci.Runtime.Process))]
[JsonSerializable(typeof(List<int>))]
public sealed partial class RuntimeJson : JsonSerializerContext
{
    // Lazy: the generated Default is initialised after this class's own static fields.
    private static RuntimeJson? _indented;

    public static RuntimeJson Indented => _indented ??= new(new JsonSerializerOptions(Default.Options) { WriteIndented = true });
}
