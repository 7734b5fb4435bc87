using System.Text.Json;
using System.Text.Json.Serialization;
using Wharf.Oci.Image;
using Wharf.Oci.Runtime;

namespace Wharf.Oci;

/// <summary>Source-generated JSON for the OCI runtime and image specs: camelCase keys, nulls left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(Spec))]
[JsonSerializable(typeof(State))]
[JsonSerializable(typeof(List<State>))]
[JsonSerializable(typeof(ImageManifest))]
[JsonSerializable(typeof(ImageIndex))]
[JsonSerializable(typeof(ImageConfig))]
[JsonSerializable(typeof(Descriptor))]
public sealed partial class OciJson : JsonSerializerContext
{
    /// <summary>Indented output for files a person may read (config.json, state).</summary>
    public static OciJson Indented => s_indented ??= new(new JsonSerializerOptions(Default.Options) { WriteIndented = true });

    // Lazy: a static initializer here would run before the generated Default exists.
    private static OciJson? s_indented;
}
