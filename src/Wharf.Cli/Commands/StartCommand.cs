using System.Text.Json;
using Wharf.Cli.Containers;
using Wharf.Cli.Flags;

namespace Wharf.Cli.Commands;

/// <summary>`start [-a] [-i] CONTAINER...`: starts containers, or one attached, exiting with its status.</summary>
public sealed class StartCommand : CliCommand
{
    public override string Name => "start";
    public override string Usage => "[OPTIONS] CONTAINER [CONTAINER...]";
    public override string Description => "Start one or more stopped containers";
    public override int MinArgs => 1;

    protected override FlagSet BuildFlags() => new FlagSet()
        .Bool("attach", 'a', "Attach STDOUT/STDERR and forward signals")
        .Value("detach-keys", null, "Override the key sequence for detaching a container")
        .Bool("interactive", 'i', "Attach container's STDIN");

    public override async Task<int> RunAsync(CliSession session, ParsedFlags flags)
    {
        var attach = flags.GetBool("attach");
        var interactive = flags.GetBool("interactive");
        if (!attach && !interactive)
            return await EachTarget.RunAsync(session, flags.Args, (c, id) => c.StartContainerAsync(id, flags.Get("detach-keys")));
        if (flags.Args.Count > 1) throw new CliStatusException(1, "you cannot start and attach multiple containers at once");

        var client = await session.ClientAsync();
        using var inspect = await client.InspectContainerAsync(flags.Args[0]);
        var root = inspect.RootElement;
        var config = root.GetProperty("Config");
        var tty = config.TryGetProperty("Tty", out var t) && t.ValueKind == JsonValueKind.True;
        var openStdin = config.TryGetProperty("OpenStdin", out var o) && o.ValueKind == JsonValueKind.True;
        var autoRemove = root.TryGetProperty("HostConfig", out var hc) && hc.TryGetProperty("AutoRemove", out var ar) && ar.ValueKind == JsonValueKind.True;
        var run = new AttachedRun(session, client, root.GetProperty("Id").GetString()!)
        {
            Tty = tty, Stdin = interactive && openStdin, AutoRemove = autoRemove, DetachKeys = flags.Get("detach-keys"), CommandPath = Path,
            SigProxy = true,
        };
        return await run.RunAsync(start: true) ?? 0;
    }
}
