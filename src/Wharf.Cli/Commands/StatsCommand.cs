using System.Text.Json;
using Wharf.Api.Client.Streams;
using Wharf.Cli.Flags;
using Wharf.Cli.Formatting;

namespace Wharf.Cli.Commands;

/// <summary>`stats [--no-stream] [--format] [CONTAINER...]`: resource usage; streams and redraws unless --no-stream.</summary>
public sealed class StatsCommand : CliCommand
{
    public override string Name => "stats";
    public override string Usage => "[OPTIONS] [CONTAINER...]";
    public override string Description => "Display a live stream of container(s) resource usage statistics";

    protected override FlagSet BuildFlags() => new FlagSet()
        .Bool("all", 'a', "Show all containers (default shows just running)")
        .Value("format", null, "Format output using a custom template")
        .Bool("no-stream", null, "Disable streaming stats and only pull the first result")
        .Bool("no-trunc", null, "Do not truncate output");

    public override async Task<int> RunAsync(CliSession session, ParsedFlags flags)
    {
        var renderer = new FormatRenderer(flags.Get("format") ?? StatsRow.DefaultFormat, StatsRow.Headers);
        var client = await session.ClientAsync();
        var targets = flags.Args.ToList();
        if (targets.Count == 0)
        {
            using var list = await client.ListContainersAsync(flags.GetBool("all"), 0, false, null);
            targets = list.RootElement.EnumerateArray().Select(c => c.GetProperty("Id").GetString()!).ToList();
        }
        var noStream = flags.GetBool("no-stream");
        var latest = new Dictionary<string, StatsRow>();
        var streams = targets.Select(t => FollowAsync(client, t, !noStream, row =>
        {
            lock (latest) latest[t] = row;
        })).ToList();

        if (noStream)
        {
            await Task.WhenAll(streams);
            await session.Out.WriteAsync(renderer.Render(targets.Where(latest.ContainsKey).Select(t => latest[t])));
            return 0;
        }
        while (streams.Any(s => !s.IsCompleted))
        {
            await Task.Delay(1000);
            string text;
            lock (latest) text = renderer.Render(targets.Where(latest.ContainsKey).Select(t => latest[t]));
            await session.Out.WriteAsync("\u001b[2J\u001b[H" + text);
            await session.Out.FlushAsync();
        }
        return 0;
    }

    private static async Task FollowAsync(Api.Client.EngineClient client, string target, bool stream, Action<StatsRow> update)
    {
        await using var response = await client.StatsAsync(target, stream);
        await foreach (var doc in new JsonLineReader(response.Body).ReadAllAsync())
        {
            var root = doc.RootElement.Clone();
            doc.Dispose();
            var name = root.TryGetProperty("name", out var n) ? n.GetString() ?? target : target;
            var id = root.TryGetProperty("id", out var i) ? i.GetString() ?? target : target;
            update(new StatsRow(name, id, root));
        }
    }
}
