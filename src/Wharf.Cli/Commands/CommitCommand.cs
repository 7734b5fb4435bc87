using Wharf.Cli.Flags;
using Wharf.Cli.Images;

namespace Wharf.Cli.Commands;

/// <summary>`commit [-a] [-c] [-m] [-p] CONTAINER [REPOSITORY[:TAG]]`: prints the new image ID.</summary>
public sealed class CommitCommand : CliCommand
{
    public override string Name => "commit";
    public override string Usage => "[OPTIONS] CONTAINER [REPOSITORY[:TAG]]";
    public override string Description => "Create a new image from a container's changes";
    public override int MinArgs => 1;
    public override int MaxArgs => 2;

    protected override FlagSet BuildFlags() => new FlagSet()
        .Value("author", 'a', "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\")")
        .List("change", 'c', "Apply Dockerfile instruction to the created image")
        .Value("message", 'm', "Commit message")
        .Bool("pause", 'p', "Pause container during commit", defaultValue: true);

    public override async Task<int> RunAsync(CliSession session, ParsedFlags flags)
    {
        string? repo = null, tag = null;
        if (flags.Args.Count == 2)
        {
            var reference = ImageReference.Parse(flags.Args[1]);
            repo = reference.Repository;
            tag = reference.Tag;
        }
        var client = await session.ClientAsync();
        using var result = await client.CommitAsync(flags.Args[0], repo, tag, flags.Get("message"), flags.Get("author"), flags.GetBool("pause"), flags.GetList("change"));
        await session.Out.WriteLineAsync(result.RootElement.GetProperty("Id").GetString());
        return 0;
    }
}
