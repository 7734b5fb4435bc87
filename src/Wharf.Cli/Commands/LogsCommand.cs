using System.Text.Json;
using Wharf.Api.Client;
using Wharf.Api.Client.Streams;
using Wharf.Cli.Containers;
using Wharf.Cli.Flags;

namespace Wharf.Cli.Commands;

/// <summary>`logs [-f] [--since] [--until] [-t] [-n N] CONTAINER`: raw bytes for TTY containers, stdout/stderr kept apart otherwise.</summary>
public sealed class LogsCommand : CliCommand
{
    public override string Name => "logs";
    public override string Usage => "[OPTIONS] CONTAINER";
    public override string Description => "Fetch the logs of a container";
    public override int MinArgs => 1;
    public override int MaxArgs => 1;

    protected override FlagSet BuildFlags() => new FlagSet()
        .Bool("details", null, "Show extra details provided to logs")
        .Bool("follow", 'f', "Follow log output")
        .Value("since", null, "Show logs since timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)")
        .Value("tail", 'n', "Number of lines to show from the end of the logs", "all")
        .Bool("timestamps", 't', "Show timestamps")
        .Value("until", null, "Show logs before a timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)");

    public override async Task<int> RunAsync(CliSession session, ParsedFlags flags)
    {
        var client = await session.ClientAsync();
        using var inspect = await client.InspectContainerAsync(flags.Args[0]);
        var tty = inspect.RootElement.GetProperty("Config").TryGetProperty("Tty", out var t) && t.ValueKind == JsonValueKind.True;
        var options = new LogsOptions
        {
            Follow = flags.GetBool("follow"),
            Since = flags.Get("since") is { } since ? TimestampArg.Convert(since, session.Now) : null,
            Until = flags.Get("until") is { } until ? TimestampArg.Convert(until, session.Now) : null,
            Timestamps = flags.GetBool("timestamps"),
            Details = flags.GetBool("details"),
            Tail = flags.Get("tail"),
        };
        await using var response = await client.LogsAsync(inspect.RootElement.GetProperty("Id").GetString()!, options);
        await session.Out.FlushAsync();
        if (tty)
        {
            var buffer = new byte[32 * 1024];
            int n;
            while ((n = await response.Body.ReadAsync(buffer)) > 0)
            {
                await session.StdoutStream.WriteAsync(buffer.AsMemory(0, n));
                await session.StdoutStream.FlushAsync();
            }
        }
        else
        {
            await StdCopyDemuxer.CopyAsync(response.Body, session.StdoutStream, session.StderrStream);
        }
        return 0;
    }
}
