using Wharf.Cli.Commands;
using Wharf.Cli.Flags;

namespace Wharf.Cli;

/// <summary>Prints `wharf --help` and `wharf CMD --help` in docker's layout.</summary>
public static class HelpPrinter
{
    public static void PrintMain(TextWriter o)
    {
        o.WriteLine($"\nUsage:  {CliSession.ProgramName} [OPTIONS] COMMAND\n\nA Docker-compatible container engine client\n\nCommands:");
        foreach (var e in CommandTable.TopLevel)
            o.WriteLine($"  {e.Name,-10} {e.Create().Description}");
        o.WriteLine("\nManagement Commands:");
        foreach (var g in CommandTable.Groups.Keys) o.WriteLine($"  {g,-10} Manage {g}s");
        o.WriteLine("\nGlobal Options:");
        PrintFlags(o, Config.GlobalOptions.Flags());
        o.WriteLine($"\nRun '{CliSession.ProgramName} COMMAND --help' for more information on a command.");
    }

    public static void PrintCommand(TextWriter o, CliCommand command)
    {
        o.WriteLine($"\nUsage:  {CliSession.ProgramName} {command.Path} {command.Usage}\n\n{command.Description}\n\nOptions:");
        PrintFlags(o, command.Flags);
    }

    private static void PrintFlags(TextWriter o, FlagSet flags)
    {
        foreach (var f in flags.All)
        {
            var name = (f.Short is { } s ? $"-{s}, " : "    ") + "--" + f.Name + (f.Kind == FlagKind.Bool ? "" : f.Kind == FlagKind.List ? " list" : " string");
            var def = f.Default is { Length: > 0 } d ? $" (default \"{d}\")" : "";
            o.WriteLine($"  {name,-28} {f.Usage}{def}");
        }
    }
}
