using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Wharf.Cli.Formatting;

/// <summary>Go's json.MarshalIndent(v, "", "    ") as docker inspect prints it, HTML characters escaped.</summary>
public static class JsonOutput
{
    private static readonly JsonWriterOptions Indented = new()
    {
        Indented = true, IndentSize = 4, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string IndentedArray(IEnumerable<JsonElement> items)
    {
        var list = items.ToList();
        if (list.Count == 0) return "[]";
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Indented))
        {
            w.WriteStartArray();
            foreach (var item in list) item.WriteTo(w);
            w.WriteEndArray();
        }
        return GoEscape(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static string GoEscape(string json) =>
        json.Replace("<", "\\u003c", StringComparison.Ordinal).Replace(">", "\\u003e", StringComparison.Ordinal).Replace("&", "\\u0026", StringComparison.Ordinal);
}
