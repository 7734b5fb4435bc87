using Wharf.Cli.Flags;
using Wharf.Cli.Images;

namespace Wharf.Cli.Commands;

/// <summary>`tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]`</summary>
public sealed class TagCommand : CliCommand
{
    public override string Name => "tag";
    public override string Usage => "SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]";
    public override string Description => "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE";
    public override int MinArgs => 2;
    public override int MaxArgs => 2;

    protected override FlagSet BuildFlags() => new();

    public override async Task<int> RunAsync(CliSession session, ParsedFlags flags)
    {
        ImageReference target;
        try
        {
            target = ImageReference.Parse(flags.Args[1]);
        }
        catch (FormatException e)
        {
            throw new CliStatusException(1, $"Error parsing reference: \"{flags.Args[1]}\" is not a valid repository/tag: {e.Message}");
        }
        if (target.Digest != null) throw new CliStatusException(1, "refusing to create a tag with a digest reference");
        var client = await session.ClientAsync();
        await client.TagImageAsync(flags.Args[0], target.Repository, target.Tag ?? "latest");
        return 0;
    }
}
