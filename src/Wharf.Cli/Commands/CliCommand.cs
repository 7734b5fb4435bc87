using Wharf.Cli.Flags;

namespace Wharf.Cli.Commands;

/// <summary>One docker command: its name, usage line, flags, argument count, and what it does.</summary>
public abstract class CliCommand
{
    private FlagSet? _flags;

    public abstract string Name { get; }

    /// <summary>The part after "wharf NAME", e.g. "[OPTIONS] CONTAINER [CONTAINER...]".</summary>
    public abstract string Usage { get; }

    public abstract string Description { get; }

    public virtual IReadOnlyList<string> Aliases => [];

    public virtual int MinArgs => 0;

    public virtual int MaxArgs => int.MaxValue;

    /// <summary>run and create report daemon errors with exit status 125 and a "Run … --help" hint.</summary>
    public virtual bool DaemonErrorsAre125 => false;

    /// <summary>The full command path as typed, e.g. "container ls"; set when registered under a management command.</summary>
    public string Path { get; internal set; } = "";

    public FlagSet Flags => _flags ??= BuildFlags().Bool("help", null, "Print usage");

    protected abstract FlagSet BuildFlags();

    public abstract Task<int> RunAsync(CliSession session, ParsedFlags flags);
}
