using System.Text.Json;
using Wharf.Api.Models;
using Wharf.Cli.Containers;
using Wharf.Cli.Flags;
using Wharf.Cli.Terminal;

namespace Wharf.Cli.Commands;

/// <summary>`exec [-i] [-t] [-d] [-e] [-u] [-w] CONTAINER COMMAND [ARG...]`: exits with the command's exit code.</summary>
public sealed class ExecCommand : CliCommand
{
    public override string Name => "exec";
    public override string Usage => "[OPTIONS] CONTAINER COMMAND [ARG...]";
    public override string Description => "Execute a command in a running container";
    public override int MinArgs => 2;

    protected override FlagSet BuildFlags() => new FlagSet { Interspersed = false }
        .Bool("detach", 'd', "Detached mode: run command in the background")
        .Value("detach-keys", null, "Override the key sequence for detaching a container")
        .List("env", 'e', "Set environment variables")
        .List("env-file", null, "Read in a file of environment variables")
        .Bool("interactive", 'i', "Keep STDIN open even if not attached")
        .Bool("privileged", null, "Give extended privileges to the command")
        .Bool("tty", 't', "Allocate a pseudo-TTY")
        .Value("user", 'u', "Username or UID (format: \"<name|uid>[:<group|gid>]\")")
        .Value("workdir", 'w', "Working directory inside the container");

    public override async Task<int> RunAsync(CliSession session, ParsedFlags flags)
    {
        var detach = flags.GetBool("detach");
        var tty = flags.GetBool("tty");
        var interactive = flags.GetBool("interactive");
        if (tty && interactive && !detach && !Termios.IsTerminal(0))
            throw new CliStatusException(1, "the input device is not a TTY");
        var env = flags.GetList("env-file").SelectMany(EnvFile.Read).Concat(flags.GetList("env").Select(e => EnvFile.Expand(e)).OfType<string>()).ToList();
        var size = tty ? Termios.Size(1) : null;
        int[]? consoleSize = size is { } s ? [s.Rows, s.Cols] : null;
        var detachKeys = flags.Get("detach-keys") ?? session.Config.DetachKeys;

        var client = await session.ClientAsync();
        using (await client.InspectContainerAsync(flags.Args[0])) { } // not-found errors come first, like docker
        var execId = await client.CreateExecAsync(flags.Args[0], new ExecCreateRequest
        {
            User = flags.Get("user") ?? "", Privileged = flags.GetBool("privileged"), Tty = tty, ConsoleSize = consoleSize?.ToList(),
            AttachStdin = interactive && !detach, AttachStdout = !detach, AttachStderr = !detach, DetachKeys = detachKeys,
            Env = env.Count > 0 ? env : null, WorkingDir = flags.Get("workdir") ?? "", Cmd = flags.Args.Skip(1).ToList(),
        });
        if (detach)
        {
            await client.StartExecDetachedAsync(execId, tty);
            return 0;
        }

        await using var stream = await client.StartExecAttachedAsync(execId, tty, consoleSize);
        using var raw = tty && interactive ? RawTerminal.Enter(0) : null;
        using var resize = tty ? await ResizeForwarder.StartAsync((h, w) => client.ResizeExecAsync(execId, h, w)) : null;
        var keys = tty && raw != null ? DetachKeys.Parse(detachKeys ?? DetachKeys.Default) : null;
        var detached = await new StreamSession(stream, tty, interactive ? session.StdinStream : null, session.StdoutStream, session.StderrStream, keys).RunAsync();
        raw?.Dispose();
        if (detached) return 0;

        using var inspect = await client.InspectExecAsync(execId);
        return inspect.RootElement.TryGetProperty("ExitCode", out var code) && code.ValueKind == JsonValueKind.Number ? code.GetInt32() : 0;
    }
}
