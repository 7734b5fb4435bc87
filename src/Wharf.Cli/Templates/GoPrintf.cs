using System.Globalization;
using System.Text;

namespace Wharf.Cli.Templates;

/// <summary>The subset of Go's fmt.Sprintf that format strings use: %v %s %d %q %t %x %X %f %e %g %%, flags "-+0 ", width, precision.</summary>
public static class GoPrintf
{
    public static string Format(string format, IReadOnlyList<object?> args)
    {
        var sb = new StringBuilder();
        var argIndex = 0;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%') { sb.Append(c); continue; }
            if (++i >= format.Length) { sb.Append("%!(NOVERB)"); break; }
            var minus = false; var zero = false; var plus = false; var space = false;
            for (; i < format.Length && format[i] is '-' or '0' or '+' or ' ' or '#'; i++)
            {
                switch (format[i]) { case '-': minus = true; break; case '0': zero = true; break; case '+': plus = true; break; case ' ': space = true; break; }
            }
            var width = ReadInt(format, ref i);
            int? precision = null;
            if (i < format.Length && format[i] == '.') { i++; precision = ReadInt(format, ref i) ?? 0; }
            if (i >= format.Length) { sb.Append("%!(NOVERB)"); break; }
            var verb = format[i];
            if (verb == '%') { sb.Append('%'); continue; }
            if (argIndex >= args.Count) { sb.Append("%!").Append(verb).Append("(MISSING)"); continue; }
            var text = FormatOne(verb, GoValues.Normalize(args[argIndex++]), precision, plus, space);
            sb.Append(Pad(text, width ?? 0, minus, zero && !minus && verb is 'd' or 'f' or 'x' or 'X' or 'e' or 'g'));
        }
        if (argIndex < args.Count)
            sb.Append("%!(EXTRA ").Append(string.Join(", ", args.Skip(argIndex).Select(a => GoValues.TypeName(a) + "=" + GoValues.Format(a, true)))).Append(')');
        return sb.ToString();
    }

    private static int? ReadInt(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && char.IsDigit(s[i])) i++;
        return i > start ? int.Parse(s[start..i], CultureInfo.InvariantCulture) : null;
    }

    private static string Pad(string text, int width, bool left, bool zeros)
    {
        if (text.Length >= width) return text;
        if (left) return text.PadRight(width);
        if (zeros && text.StartsWith('-')) return "-" + text[1..].PadLeft(width - 1, '0');
        return text.PadLeft(width, zeros ? '0' : ' ');
    }

    private static string FormatOne(char verb, object? v, int? precision, bool plus, bool space)
    {
        switch (verb)
        {
            case 'v':
            case 's':
                var s = GoValues.Format(v, nested: true);
                return precision is { } p && s.Length > p ? s[..p] : s;
            case 'q':
                return v is string str ? Quote(str) : "%!q(" + GoValues.TypeName(v) + "=" + GoValues.Format(v, true) + ")";
            case 't':
                return v is bool b ? (b ? "true" : "false") : Bad(verb, v);
            case 'd':
                return v switch
                {
                    long l => (plus && l >= 0 ? "+" : space && l >= 0 ? " " : "") + l.ToString(CultureInfo.InvariantCulture),
                    _ => Bad(verb, v),
                };
            case 'x':
            case 'X':
                var hex = v switch
                {
                    long l => l.ToString("x", CultureInfo.InvariantCulture),
                    string text => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(text)),
                    _ => null,
                };
                if (hex == null) return Bad(verb, v);
                return verb == 'X' ? hex.ToUpperInvariant() : hex;
            case 'f':
            case 'F':
            case 'e':
            case 'g':
                double d;
                if (v is long ll) d = ll;
                else if (v is double dd) d = dd;
                else return Bad(verb, v);
                var sign = plus && d >= 0 ? "+" : "";
                return sign + verb switch
                {
                    'e' => d.ToString("0." + new string('0', precision ?? 6) + "e+00", CultureInfo.InvariantCulture),
                    'g' => precision is { } gp ? d.ToString("G" + gp, CultureInfo.InvariantCulture) : GoValues.FormatFloat(d),
                    _ => d.ToString("F" + (precision ?? 6), CultureInfo.InvariantCulture),
                };
            default:
                return Bad(verb, v);
        }
    }

    private static string Bad(char verb, object? v) => $"%!{verb}({GoValues.TypeName(v)}={GoValues.Format(v, true)})";

    /// <summary>Go's strconv.Quote: double quotes, backslash escapes, \u for control characters.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case '\r': sb.Append("\\r"); break;
                default:
                    if (char.IsControl(c)) sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
