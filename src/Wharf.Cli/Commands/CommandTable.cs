namespace Wharf.Cli.Commands;

/// <summary>
/// Every command wharf knows: docker's top-level shortcuts and the management groups
/// (<c>container ls</c> is <c>ps</c>, <c>image ls</c> is <c>images</c>, …).
/// </summary>
public static class CommandTable
{
    public sealed record Entry(string Name, Func<CliCommand> Create, params string[] Aliases);

    public static readonly Entry[] TopLevel =
    [
        new("run", () => new RunCommand()), new("create", () => new CreateCommand()), new("start", () => new StartCommand()),
        new("stop", () => new StopCommand()), new("restart", () => new RestartCommand()), new("kill", () => new KillCommand()),
        new("rm", () => new RmCommand()), new("ps", () => new PsCommand()), new("logs", () => new LogsCommand()),
        new("exec", () => new ExecCommand()), new("attach", () => new AttachCommand()), new("inspect", () => new InspectCommand(null)),
        new("top", () => new TopCommand()), new("stats", () => new StatsCommand()), new("wait", () => new WaitCommand()),
        new("rename", () => new RenameCommand()), new("pause", () => new PauseCommand(true)), new("unpause", () => new PauseCommand(false)),
        new("update", () => new UpdateCommand()), new("images", () => new ImagesCommand()), new("import", () => new ImportCommand()),
        new("tag", () => new TagCommand()), new("rmi", () => new RmiCommand()), new("history", () => new HistoryCommand()),
        new("version", () => new VersionCommand()), new("info", () => new InfoCommand()), new("events", () => new EventsCommand()),
        new("pull", () => new PullCommand()), new("push", () => new PushCommand()), new("login", () => new LoginCommand()),
        new("logout", () => new LogoutCommand()), new("save", () => new SaveCommand()), new("load", () => new LoadCommand()),
        new("commit", () => new CommitCommand()), new("export", () => new ExportCommand()), new("diff", () => new DiffCommand()),
    ];

    public static readonly Dictionary<string, Entry[]> Groups = new()
    {
        ["container"] =
        [
            new("ls", () => new PsCommand(), "list", "ps"), new("run", () => new RunCommand()), new("create", () => new CreateCommand()),
            new("start", () => new StartCommand()), new("stop", () => new StopCommand()), new("restart", () => new RestartCommand()),
            new("kill", () => new KillCommand()), new("rm", () => new RmCommand(), "remove"), new("logs", () => new LogsCommand()),
            new("exec", () => new ExecCommand()), new("attach", () => new AttachCommand()), new("inspect", () => new InspectCommand("container")),
            new("top", () => new TopCommand()), new("stats", () => new StatsCommand()), new("wait", () => new WaitCommand()),
            new("rename", () => new RenameCommand()), new("pause", () => new PauseCommand(true)), new("unpause", () => new PauseCommand(false)),
            new("update", () => new UpdateCommand()), new("commit", () => new CommitCommand()), new("export", () => new ExportCommand()),
            new("diff", () => new DiffCommand()), new("prune", () => new ContainerPruneCommand()),
        ],
        ["image"] =
        [
            new("ls", () => new ImagesCommand(), "list"), new("inspect", () => new InspectCommand("image")), new("import", () => new ImportCommand()),
            new("tag", () => new TagCommand()), new("rm", () => new RmiCommand(), "remove"), new("history", () => new HistoryCommand()),
            new("pull", () => new PullCommand()), new("push", () => new PushCommand()), new("save", () => new SaveCommand()),
            new("load", () => new LoadCommand()), new("prune", () => new ImagePruneCommand()),
        ],
        ["system"] =
        [
            new("df", () => new SystemDfCommand()), new("info", () => new InfoCommand()), new("events", () => new EventsCommand()),
        ],
        ["registry"] = [new("serve", () => new RegistryServeCommand("serve")), new("gc", () => new RegistryServeCommand("gc"))],
    };

    public static Entry? Find(IEnumerable<Entry> entries, string name) =>
        entries.FirstOrDefault(e => e.Name == name || e.Aliases.Contains(name));
}
