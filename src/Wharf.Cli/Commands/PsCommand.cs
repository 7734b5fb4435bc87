using Wharf.Cli.Flags;
using Wharf.Cli.Formatting;

namespace Wharf.Cli.Commands;

/// <summary>`ps`: lists containers through docker's table or a --format template.</summary>
public sealed class PsCommand : CliCommand
{
    public override string Name => "ps";
    public override string Usage => "[OPTIONS]";
    public override string Description => "List containers";
    public override int MaxArgs => 0;

    protected override FlagSet BuildFlags() => new FlagSet()
        .Bool("all", 'a', "Show all containers (default shows just running)")
        .List("filter", 'f', "Filter output based on conditions provided")
        .Value("format", null, "Format output using a custom template")
        .Value("last", 'n', "Show n last created containers (includes all states)", "-1", Validators.Int)
        .Bool("latest", 'l', "Show the latest created container (includes all states)")
        .Bool("no-trunc", null, "Don't truncate output")
        .Bool("quiet", 'q', "Only display container IDs")
        .Bool("size", 's', "Display total file sizes");

    public override async Task<int> RunAsync(CliSession session, ParsedFlags flags)
    {
        var truncate = !flags.GetBool("no-trunc");
        var format = flags.Get("format");
        if (flags.GetBool("quiet") && format == null) format = "{{.ID}}";
        format ??= session.Config.PsFormat;
        var size = flags.GetBool("size");
        format ??= size ? ContainerRow.DefaultFormatWithSize : ContainerRow.DefaultFormat;
        if (format == "table") format = size ? ContainerRow.DefaultFormatWithSize : ContainerRow.DefaultFormat;
        size |= format.Contains(".Size", StringComparison.Ordinal);
        var renderer = new FormatRenderer(format, ContainerRow.Headers); // parse before calling the daemon

        var limit = flags.GetInt("last") ?? -1;
        if (flags.GetBool("latest") && limit == -1) limit = 1;
        var client = await session.ClientAsync();
        using var list = await client.ListContainersAsync(flags.GetBool("all"), limit, size, FilterArgs.ToJson(flags.GetList("filter")));
        var rows = list.RootElement.EnumerateArray().Select(c => new ContainerRow(c, truncate, session.Now)).ToList();
        await session.Out.WriteAsync(renderer.Render(rows));
        return 0;
    }
}
