using System.Text.Json;
using Wharf.Api.Client;
using Wharf.Cli.Flags;

namespace Wharf.Cli.Commands;

/// <summary>`rmi [-f] [--no-prune] IMAGE...`: prints "Untagged: …" and "Deleted: …" lines.</summary>
public sealed class RmiCommand : CliCommand
{
    public override string Name => "rmi";
    public override string Usage => "[OPTIONS] IMAGE [IMAGE...]";
    public override string Description => "Remove one or more images";
    public override int MinArgs => 1;

    protected override FlagSet BuildFlags() => new FlagSet()
        .Bool("force", 'f', "Force removal of the image")
        .Bool("no-prune", null, "Do not delete untagged parents");

    public override Task<int> RunAsync(CliSession session, ParsedFlags flags) =>
        EachTarget.RunAsync(session, flags.Args, async (client, image) =>
        {
            using var result = await client.RemoveImageAsync(image, flags.GetBool("force"), flags.GetBool("no-prune"));
            if (result.RootElement.ValueKind != JsonValueKind.Array) return;
            foreach (var item in result.RootElement.EnumerateArray())
            {
                if (item.TryGetProperty("Untagged", out var u)) await session.Out.WriteLineAsync("Untagged: " + u.GetString());
                if (item.TryGetProperty("Deleted", out var d)) await session.Out.WriteLineAsync("Deleted: " + d.GetString());
            }
        }, echo: false);
}
