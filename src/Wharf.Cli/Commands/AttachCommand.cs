using System.Text.Json;
using Wharf.Cli.Flags;
using Wharf.Cli.Terminal;

namespace Wharf.Cli.Commands;

/// <summary>`attach [--no-stdin] [--sig-proxy] [--detach-keys] CONTAINER`: joins a running container's stdio.</summary>
public sealed class AttachCommand : CliCommand
{
    public override string Name => "attach";
    public override string Usage => "[OPTIONS] CONTAINER";
    public override string Description => "Attach local standard input, output, and error streams to a running container";
    public override int MinArgs => 1;
    public override int MaxArgs => 1;

    protected override FlagSet BuildFlags() => new FlagSet()
        .Value("detach-keys", null, "Override the key sequence for detaching a container")
        .Bool("no-stdin", null, "Do not attach STDIN")
        .Bool("sig-proxy", null, "Proxy all received signals to the process", defaultValue: true);

    public override async Task<int> RunAsync(CliSession session, ParsedFlags flags)
    {
        var client = await session.ClientAsync();
        using var inspect = await client.InspectContainerAsync(flags.Args[0]);
        var root = inspect.RootElement;
        var id = root.GetProperty("Id").GetString()!;
        var state = root.GetProperty("State");
        if (state.TryGetProperty("Running", out var running) && running.ValueKind != JsonValueKind.True)
            throw new CliStatusException(1, "You cannot attach to a stopped container, start it first");
        if (state.TryGetProperty("Paused", out var paused) && paused.ValueKind == JsonValueKind.True)
            throw new CliStatusException(1, "You cannot attach to a paused container, unpause it first");
        var config = root.GetProperty("Config");
        var tty = config.TryGetProperty("Tty", out var t) && t.ValueKind == JsonValueKind.True;
        var stdin = !flags.GetBool("no-stdin") && config.TryGetProperty("OpenStdin", out var o) && o.ValueKind == JsonValueKind.True;
        var detachKeys = flags.Get("detach-keys") ?? session.Config.DetachKeys;

        await using var stream = await client.AttachAsync(id, stdin, true, true, detachKeys);
        var wait = await client.WaitContainerAsync(id, "not-running");
        using var raw = tty && stdin ? RawTerminal.Enter(0) : null;
        using var resize = tty ? await ResizeForwarder.StartAsync((h, w) => client.ResizeContainerAsync(id, h, w)) : null;
        using var signals = flags.GetBool("sig-proxy") && !tty ? new SignalForwarder(sig => client.KillContainerAsync(id, sig.ToString(System.Globalization.CultureInfo.InvariantCulture))) : null;
        var keys = tty && raw != null ? DetachKeys.Parse(detachKeys ?? DetachKeys.Default) : null;
        var detached = await new StreamSession(stream, tty, stdin ? session.StdinStream : null, session.StdoutStream, session.StderrStream, keys).RunAsync();
        raw?.Dispose();
        if (detached) return 0;

        return (await wait).StatusCode;
    }
}
