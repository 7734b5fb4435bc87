using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Wharf.Cli.Templates;

/// <summary>
/// Functions callable by name: Go's builtins (and, or, not, len, index, print, printf, println, eq, ne, lt, le, gt, ge, slice)
/// and docker's additions (json, join, split, lower, upper, title, truncate, pad).
/// </summary>
public static class TemplateFunctions
{
    public static bool Exists(string name) => name is "and" or "or" or "not" or "len" or "index" or "print" or "printf" or "println"
        or "eq" or "ne" or "lt" or "le" or "gt" or "ge" or "slice" or "json" or "join" or "split" or "lower" or "upper" or "title"
        or "truncate" or "pad" or "urlquery" or "html" or "js";

    public static object? Call(string name, IReadOnlyList<object?> a)
    {
        switch (name)
        {
            case "not": Arity(name, a, 1); return !GoValues.IsTrue(a[0]);
            case "and": return a.Count == 0 ? throw Wrong(name, a) : a.FirstOrDefault(x => !GoValues.IsTrue(x), a[^1]);
            case "or": return a.Count == 0 ? throw Wrong(name, a) : a.FirstOrDefault(GoValues.IsTrue, a[^1]);
            case "len": Arity(name, a, 1); return Length(a[0]);
            case "index": return Index(a);
            case "slice": return Slice(a);
            case "print": return PrintArgs(a);
            case "println": return string.Join(' ', a.Select(GoValues.Print)) + "\n";
            case "printf":
                if (a.Count == 0 || GoValues.Normalize(a[0]) is not string f) throw new TemplateException("wrong type for value; expected string");
                return GoPrintf.Format(f, a.Skip(1).ToList());
            case "eq":
                if (a.Count < 2) throw Wrong(name, a);
                return a.Skip(1).Any(x => Compare(a[0], x) == 0);
            case "ne": Arity(name, a, 2); return Compare(a[0], a[1]) != 0;
            case "lt": Arity(name, a, 2); return Compare(a[0], a[1]) < 0;
            case "le": Arity(name, a, 2); return Compare(a[0], a[1]) <= 0;
            case "gt": Arity(name, a, 2); return Compare(a[0], a[1]) > 0;
            case "ge": Arity(name, a, 2); return Compare(a[0], a[1]) >= 0;
            case "json": Arity(name, a, 1); return GoValues.ToJson(a[0]);
            case "join": Arity(name, a, 2); return string.Join(Str(a[1]), Strings(a[0]));
            case "split": Arity(name, a, 2); return Str(a[0]).Split(Str(a[1])).ToList();
            case "lower": Arity(name, a, 1); return Str(a[0]).ToLowerInvariant();
            case "upper": Arity(name, a, 1); return Str(a[0]).ToUpperInvariant();
            case "title": Arity(name, a, 1); return Title(Str(a[0]));
            case "truncate":
                Arity(name, a, 2);
                var text = Str(a[0]);
                var n = (int)Int(a[1]);
                return text.Length > n ? text[..n] : text;
            case "pad":
                Arity(name, a, 3);
                return new string(' ', (int)Int(a[1])) + Str(a[0]) + new string(' ', (int)Int(a[2]));
            case "urlquery": return Uri.EscapeDataString(PrintArgs(a));
            case "html": return System.Net.WebUtility.HtmlEncode(PrintArgs(a));
            case "js": return JsonEncodedText.Encode(PrintArgs(a)).ToString();
            default: throw new TemplateException($"function \"{name}\" not defined");
        }
    }

    /// <summary>fmt.Sprint: spaces only between operands when neither side is a string.</summary>
    private static string PrintArgs(IReadOnlyList<object?> a)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < a.Count; i++)
        {
            if (i > 0 && GoValues.Normalize(a[i]) is not string && GoValues.Normalize(a[i - 1]) is not string) sb.Append(' ');
            sb.Append(GoValues.Format(a[i], nested: true));
        }
        return sb.ToString();
    }

    private static void Arity(string name, IReadOnlyList<object?> a, int n)
    {
        if (a.Count != n) throw new TemplateException($"wrong number of args for {name}: want {n} got {a.Count}");
    }

    private static TemplateException Wrong(string name, IReadOnlyList<object?> a) => new($"wrong number of args for {name}: got {a.Count}");

    private static string Str(object? v) => GoValues.Normalize(v) switch
    {
        string s => s,
        null => "",
        var other => GoValues.Format(other, true),
    };

    private static long Int(object? v) => GoValues.Normalize(v) switch
    {
        long l => l,
        double d => (long)d,
        string s when long.TryParse(s, CultureInfo.InvariantCulture, out var p) => p,
        var other => throw new TemplateException($"expected integer; found {GoValues.Format(other, true)}"),
    };

    private static IEnumerable<string> Strings(object? v) => v switch
    {
        JsonElement { ValueKind: JsonValueKind.Array } e => e.EnumerateArray().Select(x => Str(x)),
        IEnumerable<string> s => s,
        System.Collections.IEnumerable items and not string => items.Cast<object?>().Select(Str),
        _ => throw new TemplateException($"wrong type for value; expected []string; got {GoValues.TypeName(v)}"),
    };

    private static string Title(string s)
    {
        var chars = s.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
            if (char.IsLetter(chars[i]) && (i == 0 || !char.IsLetterOrDigit(chars[i - 1]) && chars[i - 1] != '\'' && chars[i - 1] != '_'))
                chars[i] = char.ToUpperInvariant(chars[i]);
        return new string(chars);
    }

    private static long Length(object? v) => GoValues.Normalize(v) switch
    {
        string s => Encoding.UTF8.GetByteCount(s),
        JsonElement { ValueKind: JsonValueKind.Array } e => e.GetArrayLength(),
        JsonElement { ValueKind: JsonValueKind.Object } e => e.EnumerateObject().Count(),
        System.Collections.ICollection c => c.Count,
        var other => throw new TemplateException($"error calling len: len of type {GoValues.TypeName(other)}"),
    };

    private static object? Index(IReadOnlyList<object?> a)
    {
        if (a.Count == 0) throw Wrong("index", a);
        var current = a[0];
        foreach (var key in a.Skip(1))
        {
            var k = GoValues.Normalize(key);
            current = (current, k) switch
            {
                (JsonElement { ValueKind: JsonValueKind.Object } o, string s) => o.TryGetProperty(s, out var p) ? p : null,
                (JsonElement { ValueKind: JsonValueKind.Array } arr, long i) => i >= 0 && i < arr.GetArrayLength() ? arr[(int)i] : throw new TemplateException($"error calling index: index out of range: {i}"),
                (IDictionary<string, string> m, string s) => m.TryGetValue(s, out var mv) ? mv : null,
                (IReadOnlyList<string> list, long i) => i >= 0 && i < list.Count ? list[(int)i] : throw new TemplateException($"error calling index: index out of range: {i}"),
                (IReadOnlyList<object?> list, long i) => i >= 0 && i < list.Count ? list[(int)i] : throw new TemplateException($"error calling index: index out of range: {i}"),
                (null, _) => throw new TemplateException("error calling index: index of untyped nil"),
                _ => throw new TemplateException($"error calling index: cannot index {GoValues.TypeName(current)} with {GoValues.TypeName(k)}"),
            };
        }
        return current;
    }

    private static object? Slice(IReadOnlyList<object?> a)
    {
        if (a.Count is < 1 or > 3) throw Wrong("slice", a);
        var from = a.Count > 1 ? (int)Int(a[1]) : 0;
        switch (GoValues.Normalize(a[0]))
        {
            case string s:
                var to = a.Count > 2 ? (int)Int(a[2]) : s.Length;
                if (from < 0 || to > s.Length || from > to) throw new TemplateException($"error calling slice: index out of range: {to}");
                return s[from..to];
            case JsonElement { ValueKind: JsonValueKind.Array } arr:
                var items = arr.EnumerateArray().Cast<object?>().ToList();
                var end = a.Count > 2 ? (int)Int(a[2]) : items.Count;
                if (from < 0 || end > items.Count || from > end) throw new TemplateException($"error calling slice: index out of range: {end}");
                return items.GetRange(from, end - from);
            default:
                throw new TemplateException($"error calling slice: can't slice item of type {GoValues.TypeName(a[0])}");
        }
    }

    /// <summary>Go's comparison for eq/lt…: numbers with numbers, strings with strings, bools for equality.</summary>
    private static int Compare(object? x, object? y)
    {
        var a = GoValues.Normalize(x);
        var b = GoValues.Normalize(y);
        switch (a, b)
        {
            case (long l1, long l2): return l1.CompareTo(l2);
            case (long or double, long or double): return Convert.ToDouble(a, CultureInfo.InvariantCulture).CompareTo(Convert.ToDouble(b, CultureInfo.InvariantCulture));
            case (string s1, string s2): return string.CompareOrdinal(s1, s2);
            case (bool b1, bool b2): return b1 == b2 ? 0 : 1;
            case (null, null): return 0;
            case (null, _) or (_, null): return 1;
            default: throw new TemplateException($"error calling eq: incompatible types for comparison");
        }
    }
}
