using Wharf.Api.Client;
using Wharf.Cli.Commands;
using Wharf.Cli.Terminal;

namespace Wharf.Cli.Containers;

/// <summary>
/// The attached half of `run` and `start -a`: attach before start, register the wait before start, start,
/// then stream with raw mode, resize and signal forwarding, and return the container's exit status.
/// </summary>
public sealed class AttachedRun(CliSession session, EngineClient client, string id)
{
    public required bool Tty { get; init; }
    public required bool Stdin { get; init; }
    public bool Stdout { get; init; } = true;
    public bool Stderr { get; init; } = true;
    public bool SigProxy { get; init; } = true;
    public bool AutoRemove { get; init; }
    public string? DetachKeys { get; init; }
    public required string CommandPath { get; init; }

    /// <summary>Runs to the end; null when the user detached.</summary>
    public async Task<int?> RunAsync(bool start)
    {
        var keys = Terminal.DetachKeys.Parse(DetachKeys ?? session.Config.DetachKeys ?? Terminal.DetachKeys.Default);
        // Attach and wait go out together (each on its own connection): start needs both in place, not one after the other.
        var attaching = client.AttachAsync(id, Stdin, Stdout, Stderr, DetachKeys ?? session.Config.DetachKeys);
        var waiting = client.WaitContainerAsync(id, AutoRemove ? "removed" : "next-exit");
        await using var stream = await attaching;
        var wait = await waiting;
        if (start)
        {
            try
            {
                await client.StartContainerAsync(id);
            }
            catch (EngineApiException e)
            {
                throw StartFailure.From(e, CommandPath);
            }
        }

        using var raw = Tty && Stdin ? RawTerminal.Enter(0) : null;
        using var resize = Tty ? await ResizeForwarder.StartAsync((h, w) => client.ResizeContainerAsync(id, h, w)) : null;
        using var signals = SigProxy && !Tty ? new SignalForwarder(sig => client.KillContainerAsync(id, sig.ToString(System.Globalization.CultureInfo.InvariantCulture))) : null;
        await session.Out.FlushAsync();
        var detached = await new StreamSession(stream, Tty, Stdin ? session.StdinStream : null, session.StdoutStream, session.StderrStream,
            Tty && raw != null ? keys : null).RunAsync();
        raw?.Dispose();
        if (detached) return null;

        var result = await wait;
        if (result.Error != null) throw new CliStatusException(125, result.Error);
        return result.StatusCode;
    }
}
