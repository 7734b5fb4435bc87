using Wharf.Cli.Flags;
using Wharf.Cli.Formatting;

namespace Wharf.Cli.Commands;

/// <summary>`images [REPOSITORY[:TAG]]`: lists images, one row per tag.</summary>
public sealed class ImagesCommand : CliCommand
{
    public override string Name => "images";
    public override string Usage => "[OPTIONS] [REPOSITORY[:TAG]]";
    public override string Description => "List images";
    public override int MaxArgs => 1;

    protected override FlagSet BuildFlags() => new FlagSet()
        .Bool("all", 'a', "Show all images (default hides intermediate images)")
        .Bool("digests", null, "Show digests")
        .List("filter", 'f', "Filter output based on conditions provided")
        .Value("format", null, "Format output using a custom template")
        .Bool("no-trunc", null, "Don't truncate output")
        .Bool("quiet", 'q', "Only show image IDs")
        .Bool("tree", null, "List multi-platform images as a tree (not supported; shows the table)");

    public override async Task<int> RunAsync(CliSession session, ParsedFlags flags)
    {
        var truncate = !flags.GetBool("no-trunc");
        var digests = flags.GetBool("digests");
        var format = flags.Get("format") ?? session.Config.ImagesFormat;
        if (format is null or "table") format = digests ? ImageRow.DefaultFormatWithDigest : ImageRow.DefaultFormat;
        var renderer = new FormatRenderer(format, ImageRow.Headers);

        var filters = flags.GetList("filter").ToList();
        if (flags.Args.Count == 1) filters.Add("reference=" + flags.Args[0]);
        var client = await session.ClientAsync();
        using var list = await client.ListImagesAsync(flags.GetBool("all"), digests, FilterArgs.ToJson(filters));
        var images = list.RootElement.EnumerateArray().ToList();
        if (flags.GetBool("quiet"))
        {
            foreach (var id in images.Select(i => i.GetProperty("Id").GetString() ?? "").Select(id => truncate ? ShortId.Of(id) : id).Distinct())
                await session.Out.WriteLineAsync(id);
            return 0;
        }
        var rows = images.SelectMany(i => ImageRow.Expand(i, digests, truncate, session.Now)).ToList();
        await session.Out.WriteAsync(renderer.Render(rows));
        return 0;
    }
}
