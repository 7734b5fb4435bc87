using System.Globalization;
using System.Text.Json;

namespace Wharf.Cli.Formatting;

/// <summary>The fields `history --format` exposes for one entry of GET /images/{name}/history.</summary>
public sealed class HistoryRow(JsonElement h, bool truncate, bool human, DateTimeOffset now) : ContextObject
{
    public const string DefaultFormat = "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";

    public static readonly IReadOnlyDictionary<string, string> Headers = new Dictionary<string, string>
    {
        ["ID"] = "IMAGE", ["CreatedSince"] = "CREATED", ["CreatedAt"] = "CREATED AT", ["CreatedBy"] = "CREATED BY",
        ["Size"] = "SIZE", ["Comment"] = "COMMENT",
    };

    private static readonly string[] Names = ["ID", "CreatedSince", "CreatedAt", "CreatedBy", "Size", "Comment"];

    protected override IReadOnlyList<string> FieldNames => Names;

    protected override object? Field(string name)
    {
        var created = GoTime.FromUnix(Num("Created"));
        return name switch
        {
            "ID" => Str("Id") is var id && id.StartsWith("sha256:", StringComparison.Ordinal) ? (truncate ? ShortId.Of(id) : id) : "<missing>",
            "CreatedSince" => human ? HumanUnits.Duration(now - created) + " ago" : created.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture),
            "CreatedAt" => created.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture),
            "CreatedBy" => truncate ? ShortId.Ellipsis(Str("CreatedBy").Replace("\t", " ", StringComparison.Ordinal), 45) : Str("CreatedBy"),
            "Size" => human ? HumanUnits.Size(Num("Size")) : Num("Size").ToString(CultureInfo.InvariantCulture),
            "Comment" => Str("Comment"),
            _ => null,
        };
    }

    private string Str(string key) => h.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    private long Num(string key) => h.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0;
}
