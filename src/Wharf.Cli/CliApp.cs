using Wharf.Api.Client;
using Wharf.Cli.Commands;
using Wharf.Cli.Config;
using Wharf.Cli.Flags;
using Wharf.Cli.Templates;

namespace Wharf.Cli;

/// <summary>Parses global flags, finds the command, runs it, and turns failures into docker's messages and exit codes.</summary>
public static class CliApp
{
    public const string Version = "0.1.0";

    public static async Task<int> RunAsync(string[] args, Stream stdin, Stream stdout, Stream stderr)
    {
        var output = CliSession.Writer(stdout, autoFlush: false);
        var error = CliSession.Writer(stderr, autoFlush: true);
        try
        {
            return await RunCoreAsync(args, output, error, stdin, stdout, stderr).ConfigureAwait(false);
        }
        finally
        {
            await output.FlushAsync().ConfigureAwait(false);
        }
    }

    private static async Task<int> RunCoreAsync(string[] args, TextWriter output, TextWriter error, Stream stdin, Stream stdout, Stream stderr)
    {
        ParsedFlags globals;
        try
        {
            globals = FlagParser.Parse(GlobalOptions.Flags(), args);
        }
        catch (FlagException e)
        {
            error.WriteLine($"{e.Message}\nSee '{CliSession.ProgramName} --help'.");
            return 125;
        }
        if (globals.GetBool("version"))
        {
            output.WriteLine($"Wharf version {Version}");
            return 0;
        }
        var rest = globals.Args;
        if (rest.Count == 0 || globals.GetBool("help") || rest[0] == "help")
        {
            HelpPrinter.PrintMain(output);
            return 0;
        }

        var (command, remaining) = Resolve(rest);
        if (command == null)
        {
            error.WriteLine($"{CliSession.ProgramName}: unknown command: {CliSession.ProgramName} {string.Join(' ', rest.Take(2))}\n\nRun '{CliSession.ProgramName} --help' for more information");
            return 1;
        }

        var session = new CliSession(new GlobalOptions { Parsed = globals }, output, error, stdin, stdout, stderr);
        ParsedFlags flags;
        try
        {
            flags = FlagParser.Parse(command.Flags, remaining);
        }
        catch (FlagException e)
        {
            error.WriteLine($"{e.Message}\n\n{UsageLine(command)}\n\nRun '{CliSession.ProgramName} {command.Path} --help' for more information");
            return 125;
        }
        if (flags.GetBool("help"))
        {
            HelpPrinter.PrintCommand(output, command);
            return 0;
        }
        if (ArgumentProblem(command, flags.Args.Count) is { } problem)
        {
            error.WriteLine($"{CliSession.ProgramName}: '{CliSession.ProgramName} {command.Path}' {problem}\n\n{UsageLine(command)}\n\nSee '{CliSession.ProgramName} {command.Path} --help' for more information");
            return 1;
        }
        return await RunCommandAsync(command, session, flags).ConfigureAwait(false);
    }

    private static async Task<int> RunCommandAsync(CliCommand command, CliSession session, ParsedFlags flags)
    {
        var error = session.Err;
        try
        {
            return await command.RunAsync(session, flags).ConfigureAwait(false);
        }
        catch (EngineApiException e)
        {
            return Fail(session, command, "Error response from daemon: " + e.Message);
        }
        catch (EngineConnectionException e)
        {
            return Fail(session, command, e.Message);
        }
        catch (FlagException e)
        {
            await session.Out.FlushAsync().ConfigureAwait(false);
            error.WriteLine($"{e.Message}\n\n{UsageLine(command)}\n\nRun '{CliSession.ProgramName} {command.Path} --help' for more information");
            return 125;
        }
        catch (CliStatusException e)
        {
            await session.Out.FlushAsync().ConfigureAwait(false);
            if (e.Message.Length > 0) error.WriteLine(e.Message);
            return e.Status;
        }
        catch (TemplateException e)
        {
            await session.Out.FlushAsync().ConfigureAwait(false);
            error.WriteLine(e.Message.StartsWith("template: :", StringComparison.Ordinal) && !e.Message.Contains("executing", StringComparison.Ordinal)
                ? "failed to parse template: " + e.Message : e.Message);
            return 1;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or FormatException or UnauthorizedAccessException)
        {
            await session.Out.FlushAsync().ConfigureAwait(false);
            error.WriteLine(command.DaemonErrorsAre125 ? $"{CliSession.ProgramName}: {e.Message}" : e.Message);
            return command.DaemonErrorsAre125 ? 125 : 1;
        }
    }

    private static int Fail(CliSession session, CliCommand command, string message)
    {
        session.Out.Flush();
        if (!command.DaemonErrorsAre125)
        {
            session.Err.WriteLine(message);
            return 1;
        }
        session.Err.WriteLine($"{CliSession.ProgramName}: {message}\n\nRun '{CliSession.ProgramName} {command.Path} --help' for more information");
        return 125;
    }

    public static string UsageLine(CliCommand command) => $"Usage:  {CliSession.ProgramName} {command.Path} {command.Usage}";

    private static string? ArgumentProblem(CliCommand command, int count)
    {
        static string Plural(int n) => n == 1 ? "argument" : "arguments";
        if (command.MinArgs == command.MaxArgs && count != command.MinArgs)
            return command.MinArgs == 0 ? "accepts no arguments" : $"requires exactly {command.MinArgs} {Plural(command.MinArgs)}";
        if (count < command.MinArgs) return $"requires at least {command.MinArgs} {Plural(command.MinArgs)}";
        if (count > command.MaxArgs) return $"requires at most {command.MaxArgs} {Plural(command.MaxArgs)}";
        return null;
    }

    /// <summary>Finds "ps" or "container ls"; returns the command and the arguments after its name.</summary>
    public static (CliCommand? Command, List<string> Remaining) Resolve(IReadOnlyList<string> words)
    {
        if (CommandTable.Groups.TryGetValue(words[0], out var group))
        {
            if (words.Count < 2) return (null, []);
            var sub = CommandTable.Find(group, words[1]);
            if (sub == null) return (null, []);
            var cmd = sub.Create();
            cmd.Path = $"{words[0]} {sub.Name}";
            return (cmd, words.Skip(2).ToList());
        }
        var top = CommandTable.Find(CommandTable.TopLevel, words[0]);
        if (top == null) return (null, []);
        var command = top.Create();
        command.Path = top.Name;
        return (command, words.Skip(1).ToList());
    }
}
