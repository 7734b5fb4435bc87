using Wharf.Cli.Flags;
using Wharf.Cli.Images;

namespace Wharf.Cli.Commands;

/// <summary>`import [-c] [-m] file|- [REPOSITORY[:TAG]]`: a tarball becomes a one-layer image; prints the new image ID.</summary>
public sealed class ImportCommand : CliCommand
{
    public override string Name => "import";
    public override string Usage => "[OPTIONS] file|URL|- [REPOSITORY[:TAG]]";
    public override string Description => "Import the contents from a tarball to create a filesystem image";
    public override int MinArgs => 1;
    public override int MaxArgs => 2;

    protected override FlagSet BuildFlags() => new FlagSet()
        .List("change", 'c', "Apply Dockerfile instruction to the created image")
        .Value("message", 'm', "Set commit message for imported image")
        .Value("platform", null, "Set platform if server is multi-platform capable");

    public override async Task<int> RunAsync(CliSession session, ParsedFlags flags)
    {
        var source = flags.Args[0];
        string? repo = null, tag = null;
        if (flags.Args.Count == 2)
        {
            var reference = ImageReference.Parse(flags.Args[1]);
            repo = reference.Repository;
            tag = reference.Tag;
        }
        if (source.StartsWith("http://", StringComparison.Ordinal) || source.StartsWith("https://", StringComparison.Ordinal))
            throw new CliStatusException(1, "importing from a URL is not supported by wharf; download the file and import it");
        await using var input = source == "-" ? session.StdinStream : File.OpenRead(source);
        var client = await session.ClientAsync();
        await using var response = await client.ImportImageAsync(input, repo, tag, flags.Get("message"), flags.GetList("change"));
        await ProgressPrinter.PrintAsync(response.Body, session.Out);
        return 0;
    }
}
