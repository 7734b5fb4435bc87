using Wharf.Cli.Flags;
using Wharf.Cli.Images;
using Wharf.Cli.Terminal;

namespace Wharf.Cli.Commands;

/// <summary>`load [-i FILE] [-q]`: sends an image tarball and prints "Loaded image: …".</summary>
public sealed class LoadCommand : CliCommand
{
    public override string Name => "load";
    public override string Usage => "[OPTIONS]";
    public override string Description => "Load an image from a tar archive or STDIN";
    public override int MaxArgs => 0;

    protected override FlagSet BuildFlags() => new FlagSet()
        .Value("input", 'i', "Read from tar archive file, instead of STDIN")
        .List("platform", null, "Load only the given platform(s)")
        .Bool("quiet", 'q', "Suppress the load output");

    public override async Task<int> RunAsync(CliSession session, ParsedFlags flags)
    {
        var file = flags.Get("input");
        if (file == null && Termios.IsTerminal(0))
            throw new CliStatusException(1, "requested load from stdin, but stdin is empty");
        await using var input = file == null ? session.StdinStream : File.OpenRead(file);
        var client = await session.ClientAsync();
        var quiet = flags.GetBool("quiet") || !Termios.IsTerminal(1);
        await using var response = await client.LoadImagesAsync(input, quiet);
        await ProgressPrinter.PrintAsync(response.Body, session.Out);
        return 0;
    }
}
