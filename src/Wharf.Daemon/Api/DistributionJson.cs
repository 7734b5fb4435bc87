using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Wharf.Api.Models;

namespace Wharf.Daemon.Api;

/// <summary><c>POST /auth</c>'s answer.</summary>
public sealed class AuthResponse
{
    public string Status { get; set; } = "";
    public string IdentityToken { get; set; } = "";
}

/// <summary>One line of <c>GET /containers/{id}/changes</c>: Kind 0 modified, 1 added, 2 deleted.</summary>
public sealed class FilesystemChange
{
    public string Path { get; set; } = "";
    public int Kind { get; set; }
}

public sealed class ImagePruneResponse
{
    public List<ImageDeleteResponseItem> ImagesDeleted { get; set; } = [];
    public long SpaceReclaimed { get; set; }
}

/// <summary><c>GET /system/df</c>.</summary>
public sealed class SystemDataUsage
{
    public long LayersSize { get; set; }
    public List<ImageSummary> Images { get; set; } = [];
    public List<ContainerSummary> Containers { get; set; } = [];
    public List<object> Volumes { get; set; } = [];
    public List<object> BuildCache { get; set; } = [];
}

/// <summary>The wire types of the distribution, archive and container-files routes, with ApiJson's settings.</summary>
[JsonSourceGenerationOptions(ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(AuthResponse))]
[JsonSerializable(typeof(List<FilesystemChange>))]
[JsonSerializable(typeof(ImagePruneResponse))]
[JsonSerializable(typeof(SystemDataUsage))]
[JsonSerializable(typeof(IdResponse))]
public sealed partial class DistributionJson : JsonSerializerContext
{
    public static DistributionJson Wire { get; } = new(new JsonSerializerOptions
    {
        PropertyNameCaseInsensitive = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
