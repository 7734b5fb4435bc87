using Wharf.Cli.Flags;

namespace Wharf.Cli.Commands;

/// <summary>`save [-o FILE] IMAGE...`: the daemon's image tarball, to a file or stdout.</summary>
public sealed class SaveCommand : CliCommand
{
    public override string Name => "save";
    public override string Usage => "[OPTIONS] IMAGE [IMAGE...]";
    public override string Description => "Save one or more images to a tar archive (streamed to STDOUT by default)";
    public override int MinArgs => 1;

    protected override FlagSet BuildFlags() => new FlagSet()
        .Value("output", 'o', "Write to a file, instead of STDOUT")
        .List("platform", null, "Save only the given platform(s)");

    public override async Task<int> RunAsync(CliSession session, ParsedFlags flags)
    {
        if (flags.Get("output") == null && Terminal.Termios.IsTerminal(1))
            throw new CliStatusException(1, "cowardly refusing to save to a terminal. Use the -o flag or redirect");
        var client = await session.ClientAsync();
        await using var response = await client.SaveImagesAsync(flags.Args);
        await TarOutput.WriteAsync(session, flags.Get("output"), response.Body, "image");
        return 0;
    }
}
