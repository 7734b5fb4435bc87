using Wharf.Cli.Flags;
using Wharf.Cli.Images;

namespace Wharf.Cli.Commands;

/// <summary>`push NAME[:TAG]`: sends credentials from config.json and shows the push progress.</summary>
public sealed class PushCommand : CliCommand
{
    public override string Name => "push";
    public override string Usage => "[OPTIONS] NAME[:TAG]";
    public override string Description => "Upload an image to a registry";
    public override int MinArgs => 1;
    public override int MaxArgs => 1;

    protected override FlagSet BuildFlags() => new FlagSet()
        .Bool("all-tags", 'a', "Push all tags of an image to the repository")
        .Value("platform", null, "Push a platform-specific manifest as a single-platform image")
        .Bool("quiet", 'q', "Suppress verbose output");

    public override async Task<int> RunAsync(CliSession session, ParsedFlags flags)
    {
        var quiet = flags.GetBool("quiet");
        var reference = await ImageArgument.ParseAsync(session, flags.Args[0], flags.GetBool("all-tags"), quiet);
        var client = await session.ClientAsync();
        await using var response = await client.PushImageAsync(reference.Repository, reference.Tag, RegistryAuth.HeaderFor(session.Config, reference));
        await ProgressPrinter.PrintAsync(response.Body, session.Out, quiet, ProgressPrinter.IsTerminal(session, session.Out));
        if (quiet) await session.Out.WriteLineAsync(reference.ToString());
        return 0;
    }
}
