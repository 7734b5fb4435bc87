namespace Wharf.Cli.Flags;

/// <summary>One flag as pflag knows it: long name, optional one-letter shorthand, kind, default and help.</summary>
public sealed record FlagDefinition(string Name, char? Short, FlagKind Kind, string Usage, string? Default = null)
{
    /// <summary>Parses and checks a value when it is given (e.g. sizes, ints), so errors name the flag like pflag does.</summary>
    public Func<string, string?>? Validate { get; init; }

    public string Display => Short is { } s ? $"-{s}, --{Name}" : $"--{Name}";
}
