namespace Wharf.Cli.Flags;

/// <summary>How a flag takes its value: a switch, one value (last wins), or a repeatable list.</summary>
public enum FlagKind
{
    Bool,
    Value,
    List,
}
