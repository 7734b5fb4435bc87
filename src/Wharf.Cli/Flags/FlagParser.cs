namespace Wharf.Cli.Flags;

/// <summary>
/// pflag's rules: <c>--name value</c>, <c>--name=value</c>, <c>-n value</c>, <c>-nvalue</c>, combined switches
/// <c>-it</c>/<c>-dit</c>, <c>--switch=false</c>, and <c>--</c> ending flags. Without interspersing, the first
/// positional argument ends flag parsing (so <c>run busybox ls -l</c> gives <c>-l</c> to ls).
/// </summary>
public static class FlagParser
{
    public static ParsedFlags Parse(FlagSet set, IReadOnlyList<string> args)
    {
        var result = new ParsedFlags(set);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                for (i++; i < args.Count; i++) result.Args.Add(args[i]);
                break;
            }
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                i = ParseLong(set, result, args, i);
            }
            else if (arg.Length > 1 && arg[0] == '-')
            {
                i = ParseShorts(set, result, args, i);
            }
            else if (set.Interspersed)
            {
                result.Args.Add(arg);
            }
            else
            {
                for (; i < args.Count; i++) result.Args.Add(args[i]);
                break;
            }
        }
        return result;
    }

    private static int ParseLong(FlagSet set, ParsedFlags result, IReadOnlyList<string> args, int i)
    {
        var body = args[i][2..];
        string? inline = null;
        var eq = body.IndexOf('=');
        if (eq >= 0)
        {
            inline = body[(eq + 1)..];
            body = body[..eq];
        }
        var flag = set.Find(body) ?? throw new FlagException($"unknown flag: --{body}");
        if (flag.Kind == FlagKind.Bool)
        {
            if (inline != null && !ParsedFlags.IsBool(inline))
                throw new FlagException($"invalid argument \"{inline}\" for \"{flag.Display}\" flag: strconv.ParseBool: parsing \"{inline}\": invalid syntax");
            result.Set(flag, inline ?? "true");
            return i;
        }
        if (inline == null)
        {
            if (i + 1 >= args.Count) throw new FlagException($"flag needs an argument: --{body}");
            inline = args[++i];
        }
        Store(flag, inline, result);
        return i;
    }

    private static int ParseShorts(FlagSet set, ParsedFlags result, IReadOnlyList<string> args, int i)
    {
        var arg = args[i];
        for (var k = 1; k < arg.Length; k++)
        {
            var c = arg[k];
            var flag = set.Find(c) ?? throw new FlagException($"unknown shorthand flag: '{c}' in {arg}");
            if (flag.Kind == FlagKind.Bool)
            {
                if (k + 1 < arg.Length && arg[k + 1] == '=')
                {
                    var v = arg[(k + 2)..];
                    if (!ParsedFlags.IsBool(v))
                        throw new FlagException($"invalid argument \"{v}\" for \"{flag.Display}\" flag: strconv.ParseBool: parsing \"{v}\": invalid syntax");
                    result.Set(flag, v);
                    return i;
                }
                result.Set(flag, "true");
                continue;
            }
            string value;
            if (k + 1 < arg.Length) value = arg[k + 1] == '=' ? arg[(k + 2)..] : arg[(k + 1)..];
            else if (i + 1 < args.Count) value = args[++i];
            else throw new FlagException($"flag needs an argument: '{c}' in {arg}");
            Store(flag, value, result);
            return i;
        }
        return i;
    }

    private static void Store(FlagDefinition flag, string value, ParsedFlags result)
    {
        if (flag.Validate?.Invoke(value) is { } problem)
            throw new FlagException($"invalid argument \"{value}\" for \"{flag.Display}\" flag: {problem}");
        result.Set(flag, value);
    }
}
