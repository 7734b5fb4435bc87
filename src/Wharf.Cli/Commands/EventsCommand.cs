using System.Globalization;
using System.Text.Json;
using Wharf.Api.Client.Streams;
using Wharf.Cli.Containers;
using Wharf.Cli.Flags;
using Wharf.Cli.Templates;

namespace Wharf.Cli.Commands;

/// <summary>`events [--filter] [--since] [--until] [--format]`: the daemon's event stream, one line per event.</summary>
public sealed class EventsCommand : CliCommand
{
    public override string Name => "events";
    public override string Usage => "[OPTIONS]";
    public override string Description => "Get real time events from the server";
    public override int MaxArgs => 0;

    protected override FlagSet BuildFlags() => new FlagSet()
        .List("filter", 'f', "Filter output based on conditions provided")
        .Value("format", null, "Format output using a custom template")
        .Value("since", null, "Show all events created since timestamp")
        .Value("until", null, "Stream events until this timestamp");

    public override async Task<int> RunAsync(CliSession session, ParsedFlags flags)
    {
        var format = flags.Get("format");
        var template = format == null ? null : GoTemplate.Parse(format == "json" ? "{{json .}}" : format);
        var since = flags.Get("since") is { } s ? TimestampArg.Convert(s, session.Now) : null;
        var until = flags.Get("until") is { } u ? TimestampArg.Convert(u, session.Now) : null;
        var client = await session.ClientAsync();
        await using var response = await client.EventsAsync(since, until, FilterArgs.ToJson(flags.GetList("filter")));
        await foreach (var doc in new JsonLineReader(response.Body).ReadAllAsync())
        {
            using (doc)
            {
                await session.Out.WriteLineAsync(template != null ? template.Execute(doc.RootElement) : Line(doc.RootElement));
                await session.Out.FlushAsync();
            }
        }
        return 0;
    }

    /// <summary>docker's default: "&lt;time&gt; &lt;type&gt; &lt;action&gt; &lt;id&gt; (k=v, …)" with attributes sorted.</summary>
    public static string Line(JsonElement e)
    {
        var nanos = e.TryGetProperty("timeNano", out var tn) && tn.TryGetInt64(out var n) ? n
            : e.TryGetProperty("time", out var t) && t.TryGetInt64(out var sec) ? sec * 1_000_000_000 : 0;
        var time = DateTimeOffset.FromUnixTimeMilliseconds(nanos / 1_000_000).ToLocalTime();
        var stamp = time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "." + (nanos % 1_000_000_000).ToString("D9", CultureInfo.InvariantCulture)
            + (time.Offset == TimeSpan.Zero ? "Z" : time.ToString("zzz", CultureInfo.InvariantCulture));
        var type = e.TryGetProperty("Type", out var ty) ? ty.GetString() : "";
        var action = e.TryGetProperty("Action", out var ac) ? ac.GetString() : "";
        var line = $"{stamp} {type} {action}";
        if (e.TryGetProperty("Actor", out var actor) && actor.ValueKind == JsonValueKind.Object)
        {
            if (actor.TryGetProperty("ID", out var id) && id.GetString() is { Length: > 0 } ids) line += " " + ids;
            if (actor.TryGetProperty("Attributes", out var attrs) && attrs.ValueKind == JsonValueKind.Object && attrs.EnumerateObject().Any())
                line += " (" + string.Join(", ", attrs.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"{p.Name}={p.Value.GetString()}")) + ")";
        }
        return line;
    }
}
