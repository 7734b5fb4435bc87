namespace Wharf.Cli.Flags;

/// <summary>The flags a command accepts, and whether flags may follow positional arguments (false for run/exec, whose trailing args belong to the container).</summary>
public sealed class FlagSet
{
    private readonly Dictionary<string, FlagDefinition> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<char, FlagDefinition> _byShort = [];

    public List<FlagDefinition> All { get; } = [];

    public bool Interspersed { get; init; } = true;

    public FlagSet Bool(string name, char? shorthand, string usage, bool defaultValue = false) =>
        Add(new FlagDefinition(name, shorthand, FlagKind.Bool, usage, defaultValue ? "true" : null));

    public FlagSet Value(string name, char? shorthand, string usage, string? defaultValue = null, Func<string, string?>? validate = null) =>
        Add(new FlagDefinition(name, shorthand, FlagKind.Value, usage, defaultValue) { Validate = validate });

    public FlagSet List(string name, char? shorthand, string usage, Func<string, string?>? validate = null) =>
        Add(new FlagDefinition(name, shorthand, FlagKind.List, usage) { Validate = validate });

    public FlagSet Add(FlagDefinition flag)
    {
        _byName.Add(flag.Name, flag);
        if (flag.Short is { } s) _byShort.Add(s, flag);
        All.Add(flag);
        return this;
    }

    public FlagDefinition? Find(string name) => _byName.GetValueOrDefault(name);

    public FlagDefinition? Find(char shorthand) => _byShort.GetValueOrDefault(shorthand);
}
