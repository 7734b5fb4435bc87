namespace Wharf.Runtime.Cli;

/// <summary>
/// runc-style arguments: flags with "--name value", "--name=value" or "-n value", then positionals; "--" ends flags.
/// A command declares which flags take a value; unknown flags are an error naming them. With
/// <c>stopAtFirstPositional</c> (exec) everything after the first positional is positional, like Go's flag package.
/// </summary>
public sealed class ArgReader
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _switches = new(StringComparer.Ordinal);

    public List<string> Positionals { get; } = [];

    public ArgReader(IEnumerable<string> args, IReadOnlySet<string> valued, IReadOnlySet<string> switches, bool stopAtFirstPositional = false)
    {
        using var e = args.GetEnumerator();
        var flagsDone = false;
        while (e.MoveNext())
        {
            var arg = e.Current;
            if (flagsDone || arg == "-" || !arg.StartsWith('-'))
            {
                Positionals.Add(arg);
                flagsDone |= stopAtFirstPositional; // exec: everything after the id is the command
                continue;
            }
            if (arg == "--")
            {
                flagsDone = true;
                continue;
            }
            var name = arg.TrimStart('-');
            string? inline = null;
            var eq = name.IndexOf('=');
            if (eq >= 0)
            {
                inline = name[(eq + 1)..];
                name = name[..eq];
            }
            if (valued.Contains(name))
            {
                if (inline is null)
                {
                    if (!e.MoveNext()) throw new UsageException($"flag needs an argument: --{name}");
                    inline = e.Current;
                }
                if (!_values.TryGetValue(name, out var list)) _values[name] = list = [];
                list.Add(inline);
            }
            else if (switches.Contains(name))
            {
                if (inline is null or "true") _switches.Add(name);
            }
            else
                throw new UsageException($"flag provided but not defined: -{name}");
        }
    }

    public string? Value(string name) => _values.TryGetValue(name, out var v) ? v[^1] : null;

    public IReadOnlyList<string> Values(string name) => _values.TryGetValue(name, out var v) ? v : [];

    public bool Has(string name) => _switches.Contains(name);

    public string Id(string command)
        => Positionals.Count > 0 ? Positionals[0] : throw new UsageException($"\"{command}\" requires a container id");
}

public sealed class UsageException(string message) : Exception(message);
