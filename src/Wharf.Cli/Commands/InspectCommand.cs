using System.Text.Json;
using Wharf.Api.Client;
using Wharf.Cli.Flags;
using Wharf.Cli.Formatting;
using Wharf.Cli.Templates;

namespace Wharf.Cli.Commands;

/// <summary>
/// `inspect`, `container inspect`, `image inspect`: the raw JSON objects as an indented array, or each
/// through -f. Without --type, tries container then image, like docker.
/// </summary>
public sealed class InspectCommand(string? fixedType) : CliCommand
{
    public override string Name => "inspect";
    public override string Usage => fixedType switch { "container" => "[OPTIONS] CONTAINER [CONTAINER...]", "image" => "[OPTIONS] IMAGE [IMAGE...]", _ => "[OPTIONS] NAME|ID [NAME|ID...]" };
    public override string Description => "Return low-level information on Docker objects";
    public override int MinArgs => 1;

    protected override FlagSet BuildFlags()
    {
        var set = new FlagSet()
            .Value("format", 'f', "Format output using a custom template")
            .Bool("size", 's', "Display total file sizes if the type is container");
        if (fixedType == null) set.Value("type", null, "Only inspect objects of the given type");
        return set;
    }

    public override async Task<int> RunAsync(CliSession session, ParsedFlags flags)
    {
        var type = fixedType ?? flags.Get("type");
        if (type is not (null or "container" or "image"))
            throw new CliStatusException(1, $"\"{type}\" is not a valid value for --type");
        var format = flags.Get("format");
        var template = format is null or "" or "json" ? null : GoTemplate.Parse(format);
        var client = await session.ClientAsync();
        var found = new List<JsonDocument>();
        var errors = new List<string>();
        foreach (var name in flags.Args)
        {
            var doc = await LookupAsync(client, name, type, flags.GetBool("size"));
            if (doc != null) found.Add(doc);
            else errors.Add($"Error: No such {(type ?? "object")}: {name}");
        }
        try
        {
            if (template != null)
                foreach (var doc in found) await session.Out.WriteLineAsync(template.Execute(doc.RootElement));
            else
                await session.Out.WriteLineAsync(JsonOutput.IndentedArray(found.Select(d => d.RootElement)));
        }
        finally
        {
            foreach (var d in found) d.Dispose();
        }
        if (errors.Count == 0) return 0;
        await session.Out.FlushAsync();
        throw new CliStatusException(1, string.Join('\n', errors));
    }

    private static async Task<JsonDocument?> LookupAsync(EngineClient client, string name, string? type, bool size)
    {
        if (type is null or "container")
        {
            try { return await client.InspectContainerAsync(name, size); }
            catch (EngineApiException e) when (e.IsNotFound || (type == null && e.StatusCode == 400)) { }
        }
        if (type is null or "image")
        {
            try { return await client.InspectImageAsync(name); }
            catch (EngineApiException e) when (e.IsNotFound || (type == null && e.StatusCode == 400)) { }
        }
        return null;
    }
}
