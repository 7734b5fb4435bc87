using System.Globalization;
using System.Text.Json;

namespace Wharf.Cli.Formatting;

/// <summary>The fields `images --format` exposes: one row per repository:tag of an entry of GET /images/json.</summary>
public sealed class ImageRow(JsonElement image, string repository, string tag, string digest, bool truncate, DateTimeOffset now) : ContextObject
{
    public const string DefaultFormat = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";
    public const string DefaultFormatWithDigest = "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";

    public static readonly IReadOnlyDictionary<string, string> Headers = new Dictionary<string, string>
    {
        ["Repository"] = "REPOSITORY", ["Tag"] = "TAG", ["ID"] = "IMAGE ID", ["Digest"] = "DIGEST", ["CreatedSince"] = "CREATED",
        ["CreatedAt"] = "CREATED AT", ["Size"] = "SIZE", ["Containers"] = "CONTAINERS", ["VirtualSize"] = "VIRTUAL SIZE",
        ["SharedSize"] = "SHARED SIZE", ["UniqueSize"] = "UNIQUE SIZE",
    };

    private static readonly string[] Names =
        ["Repository", "Tag", "ID", "Digest", "CreatedSince", "CreatedAt", "Size", "Containers", "VirtualSize", "SharedSize", "UniqueSize"];

    protected override IReadOnlyList<string> FieldNames => Names;

    public string Id => Str("Id");

    protected override object? Field(string name) => name switch
    {
        "Repository" => repository,
        "Tag" => tag,
        "ID" => truncate ? ShortId.Of(Id) : Id,
        "Digest" => digest,
        "CreatedSince" => HumanUnits.Duration(now - GoTime.FromUnix(Num("Created"))) + " ago",
        "CreatedAt" => GoTime.String(GoTime.FromUnix(Num("Created"))),
        "Size" => HumanUnits.Size(Num("Size")),
        "VirtualSize" => HumanUnits.Size(Num("Size")),
        "Containers" => Num("Containers") < 0 ? "N/A" : Num("Containers").ToString(CultureInfo.InvariantCulture),
        "SharedSize" => Num("SharedSize") < 0 ? "N/A" : HumanUnits.Size(Num("SharedSize")),
        "UniqueSize" => Num("SharedSize") < 0 ? "N/A" : HumanUnits.Size(Num("Size") - Num("SharedSize")),
        _ => null,
    };

    private string Str(string key) => image.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    private long Num(string key) => image.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0;

    /// <summary>Expands one image into its rows: one per tag, else one per digest with TAG &lt;none&gt;, else &lt;none&gt;:&lt;none&gt;.</summary>
    public static IEnumerable<ImageRow> Expand(JsonElement image, bool withDigests, bool truncate, DateTimeOffset now)
    {
        var tags = Strings(image, "RepoTags").Where(t => t != "<none>:<none>").ToList();
        var digests = Strings(image, "RepoDigests").Where(d => d != "<none>@<none>").ToList();
        if (tags.Count == 0 && digests.Count == 0)
        {
            yield return new ImageRow(image, "<none>", "<none>", "<none>", truncate, now);
            yield break;
        }
        foreach (var t in tags)
        {
            var colon = t.LastIndexOf(':');
            var repo = colon > t.LastIndexOf('/') && colon > 0 ? t[..colon] : t;
            var tag = colon > t.LastIndexOf('/') && colon > 0 ? t[(colon + 1)..] : "<none>";
            var digest = digests.Select(d => d.Split('@')).FirstOrDefault(d => d.Length == 2 && d[0] == repo)?[1] ?? "<none>";
            yield return new ImageRow(image, repo, tag, digest, truncate, now);
        }
        if (tags.Count > 0) yield break;
        foreach (var d in digests)
        {
            var parts = d.Split('@');
            yield return new ImageRow(image, parts[0], "<none>", parts.Length == 2 ? parts[1] : "<none>", truncate, now);
        }
    }

    private static IEnumerable<string> Strings(JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(x => x.GetString() ?? "") : [];
}
