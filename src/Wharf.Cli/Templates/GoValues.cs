using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Wharf.Cli.Templates;

/// <summary>
/// Go's view of template values: truthiness, <c>%v</c> printing (<c>[a b]</c>, <c>map[k:v]</c>, <c>&lt;no value&gt;</c>),
/// and <c>json.Marshal</c>-like output, over JsonElement, strings, numbers, lists, maps and template objects.
/// </summary>
public static class GoValues
{
    private static readonly JsonWriterOptions CompactJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static object? Normalize(object? value) => value switch
    {
        JsonElement e => e.ValueKind switch
        {
            JsonValueKind.String => e.GetString(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.Number => e.TryGetInt64(out var l) ? (object)l : e.GetDouble(),
            _ => e,
        },
        int i => (long)i,
        _ => value,
    };

    public static bool IsTrue(object? value) => Normalize(value) switch
    {
        null => false,
        bool b => b,
        string s => s.Length > 0,
        long l => l != 0,
        double d => d != 0,
        JsonElement { ValueKind: JsonValueKind.Array } a => a.GetArrayLength() > 0,
        JsonElement { ValueKind: JsonValueKind.Object } o => o.EnumerateObject().Any(),
        System.Collections.ICollection c => c.Count > 0,
        _ => true,
    };

    /// <summary>Go's fmt %v. A nil at the top level prints "&lt;no value&gt;", as text/template does.</summary>
    public static string Print(object? value) => Normalize(value) is null ? "<no value>" : Format(value, nested: false);

    public static string Format(object? value, bool nested)
    {
        var v = Normalize(value);
        switch (v)
        {
            case null: return nested ? "<nil>" : "<no value>";
            case string s: return s;
            case bool b: return b ? "true" : "false";
            case long l: return l.ToString(CultureInfo.InvariantCulture);
            case double d: return FormatFloat(d);
            case JsonElement { ValueKind: JsonValueKind.Array } a:
                return "[" + string.Join(' ', a.EnumerateArray().Select(x => Format(x, true))) + "]";
            case JsonElement { ValueKind: JsonValueKind.Object } o:
                return "map[" + string.Join(' ', o.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => p.Name + ":" + Format(p.Value, true))) + "]";
            case IDictionary<string, string> m:
                return "map[" + string.Join(' ', m.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + ":" + p.Value)) + "]";
            case IEnumerable<string> list:
                return "[" + string.Join(' ', list) + "]";
            case System.Collections.IEnumerable items:
                return "[" + string.Join(' ', items.Cast<object?>().Select(x => Format(x, true))) + "]";
            default: return v.ToString() ?? "";
        }
    }

    /// <summary>Go's strconv 'g' with shortest precision, e.g. 1.5, 1e+06, 0.0001.</summary>
    public static string FormatFloat(double d)
    {
        if (double.IsPositiveInfinity(d)) return "+Inf";
        if (double.IsNegativeInfinity(d)) return "-Inf";
        if (double.IsNaN(d)) return "NaN";
        var exp = d == 0 ? 0 : (int)Math.Floor(Math.Log10(Math.Abs(d)));
        if (exp < -4 || exp >= 21)
        {
            var s = d.ToString("0.################e+00", CultureInfo.InvariantCulture);
            return s;
        }
        return d.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>json.Marshal of a value: compact, with Go's HTML-safe escapes of &lt; &gt; &amp;.</summary>
    public static string ToJson(object? value)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, CompactJson)) WriteJson(writer, value);
        return Encoding.UTF8.GetString(buffer.ToArray())
            .Replace("<", "\\u003c", StringComparison.Ordinal).Replace(">", "\\u003e", StringComparison.Ordinal).Replace("&", "\\u0026", StringComparison.Ordinal);
    }

    public static void WriteJson(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case JsonElement e: e.WriteTo(writer); break;
            case ITemplateObject o: o.WriteJson(writer); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case long l: writer.WriteNumberValue(l); break;
            case int i: writer.WriteNumberValue(i); break;
            case double d: writer.WriteNumberValue(d); break;
            case IDictionary<string, string> m:
                writer.WriteStartObject();
                foreach (var (k, v) in m.OrderBy(p => p.Key, StringComparer.Ordinal)) writer.WriteString(k, v);
                writer.WriteEndObject();
                break;
            case System.Collections.IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items) WriteJson(writer, item);
                writer.WriteEndArray();
                break;
            default: writer.WriteStringValue(value.ToString()); break;
        }
    }

    public static string TypeName(object? value) => Normalize(value) switch
    {
        null => "nil",
        string => "string",
        bool => "bool",
        long => "int",
        double => "float64",
        JsonElement { ValueKind: JsonValueKind.Array } => "[]interface {}",
        JsonElement { ValueKind: JsonValueKind.Object } => "map[string]interface {}",
        ITemplateObject o => o.GetType().Name,
        var other => other.GetType().Name,
    };
}
