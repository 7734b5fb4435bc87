using Wharf.Cli.Containers;
using Wharf.Cli.Flags;
using Wharf.Cli.Terminal;

namespace Wharf.Cli.Commands;

/// <summary>`run IMAGE [COMMAND] [ARG...]`: create (pulling if needed), attach, start, and exit with the container's status.</summary>
public sealed class RunCommand : CliCommand
{
    public override string Name => "run";
    public override string Usage => "[OPTIONS] IMAGE [COMMAND] [ARG...]";
    public override string Description => "Create and run a new container from an image";
    public override int MinArgs => 1;
    public override bool DaemonErrorsAre125 => true;

    protected override FlagSet BuildFlags() => ContainerOptions.AddTo(new FlagSet { Interspersed = false })
        .Bool("detach", 'd', "Run container in background and print container ID")
        .Value("detach-keys", null, "Override the key sequence for detaching a container")
        .Bool("sig-proxy", null, "Proxy received signals to the process", defaultValue: true);

    public override async Task<int> RunAsync(CliSession session, ParsedFlags flags)
    {
        var detach = flags.GetBool("detach");
        var consoleSize = flags.GetBool("tty") ? Termios.Size(1) : null;
        var request = ContainerOptions.Build(flags, flags.Args, detach, consoleSize);
        if (request.Tty && request.AttachStdin && !Termios.IsTerminal(0))
            throw new CliStatusException(1, "the input device is not a TTY");
        if (flags.Get("detach-keys") is { } dk) DetachKeys.Parse(dk);

        var client = await session.ClientAsync();
        var id = await ContainerCreator.CreateAsync(session, client, request, flags.Get("name"), flags.Get("platform"),
            flags.GetOr("pull", "missing"), flags.GetBool("quiet"), flags.Get("cidfile"));
        if (detach)
        {
            try
            {
                await client.StartContainerAsync(id);
            }
            catch (Api.Client.EngineApiException e)
            {
                throw StartFailure.From(e, Path);
            }
            await session.Out.WriteLineAsync(id);
            return 0;
        }
        var run = new AttachedRun(session, client, id)
        {
            Tty = request.Tty, Stdin = request.AttachStdin, Stdout = request.AttachStdout, Stderr = request.AttachStderr,
            SigProxy = flags.GetBool("sig-proxy"), AutoRemove = request.HostConfig?.AutoRemove ?? false, DetachKeys = flags.Get("detach-keys"),
            CommandPath = Path,
        };
        return await run.RunAsync(start: true) ?? 0;
    }
}
