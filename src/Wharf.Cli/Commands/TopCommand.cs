using System.Text;
using System.Text.Json;
using Wharf.Cli.Flags;
using Wharf.Cli.Formatting;

namespace Wharf.Cli.Commands;

/// <summary>`top CONTAINER [ps OPTIONS]`: the daemon's process table, aligned like docker.</summary>
public sealed class TopCommand : CliCommand
{
    public override string Name => "top";
    public override string Usage => "CONTAINER [ps OPTIONS]";
    public override string Description => "Display the running processes of a container";
    public override int MinArgs => 1;

    protected override FlagSet BuildFlags() => new() { Interspersed = false };

    public override async Task<int> RunAsync(CliSession session, ParsedFlags flags)
    {
        var client = await session.ClientAsync();
        var psArgs = flags.Args.Count > 1 ? string.Join(' ', flags.Args.Skip(1)) : null;
        using var top = await client.TopAsync(flags.Args[0], psArgs);
        var text = new StringBuilder();
        text.Append(string.Join('\t', top.RootElement.GetProperty("Titles").EnumerateArray().Select(t => t.GetString()))).Append('\n');
        if (top.RootElement.TryGetProperty("Processes", out var procs) && procs.ValueKind == JsonValueKind.Array)
            foreach (var p in procs.EnumerateArray())
                text.Append(string.Join('\t', p.EnumerateArray().Select(c => c.GetString()))).Append('\n');
        await session.Out.WriteAsync(new TabWriter(minWidth: 20, padding: 3).Format(text.ToString()));
        return 0;
    }
}
