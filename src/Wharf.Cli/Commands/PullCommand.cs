using Wharf.Cli.Flags;
using Wharf.Cli.Images;

namespace Wharf.Cli.Commands;

/// <summary>`pull NAME[:TAG|@DIGEST]`: shows progress, then prints the canonical reference.</summary>
public sealed class PullCommand : CliCommand
{
    public override string Name => "pull";
    public override string Usage => "[OPTIONS] NAME[:TAG|@DIGEST]";
    public override string Description => "Download an image from a registry";
    public override int MinArgs => 1;
    public override int MaxArgs => 1;

    protected override FlagSet BuildFlags() => new FlagSet()
        .Bool("all-tags", 'a', "Download all tagged images in the repository")
        .Value("platform", null, "Set platform if server is multi-platform capable")
        .Bool("quiet", 'q', "Suppress verbose output");

    public override async Task<int> RunAsync(CliSession session, ParsedFlags flags)
    {
        var quiet = flags.GetBool("quiet");
        var reference = await ImageArgument.ParseAsync(session, flags.Args[0], flags.GetBool("all-tags"), quiet);
        var client = await session.ClientAsync();
        await ImagePuller.PullAsync(session, client, reference, flags.Get("platform"), session.Out, quiet);
        await session.Out.WriteLineAsync(reference.ToString());
        return 0;
    }
}
