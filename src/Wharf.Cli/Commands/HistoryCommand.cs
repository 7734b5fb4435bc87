using System.Text.Json;
using Wharf.Cli.Flags;
using Wharf.Cli.Formatting;

namespace Wharf.Cli.Commands;

/// <summary>`history IMAGE`: the image's layers, newest first.</summary>
public sealed class HistoryCommand : CliCommand
{
    public override string Name => "history";
    public override string Usage => "[OPTIONS] IMAGE";
    public override string Description => "Show the history of an image";
    public override int MinArgs => 1;
    public override int MaxArgs => 1;

    protected override FlagSet BuildFlags() => new FlagSet()
        .Value("format", null, "Format output using a custom template")
        .Bool("human", 'H', "Print sizes and dates in human readable format", defaultValue: true)
        .Bool("no-trunc", null, "Don't truncate output")
        .Bool("quiet", 'q', "Only show image IDs");

    public override async Task<int> RunAsync(CliSession session, ParsedFlags flags)
    {
        var truncate = !flags.GetBool("no-trunc");
        var format = flags.Get("format") ?? (flags.GetBool("quiet") ? "{{.ID}}" : HistoryRow.DefaultFormat);
        var renderer = new FormatRenderer(format, HistoryRow.Headers);
        var client = await session.ClientAsync();
        using var history = await client.ImageHistoryAsync(flags.Args[0]);
        var rows = history.RootElement.EnumerateArray().Select(h => new HistoryRow(h, truncate, flags.GetBool("human"), session.Now));
        await session.Out.WriteAsync(renderer.Render(rows));
        return 0;
    }
}
