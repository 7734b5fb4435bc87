using System.Text.Json;
using Wharf.Api.Models;
using Wharf.Daemon.Http;
using Wharf.Engine.Containers;
using Wharf.Engine.Errors;
using Wharf.Images;

namespace Wharf.Daemon.Api;

/// <summary><c>docker image prune</c> and <c>docker system df</c>.</summary>
public sealed class ImageUsageRoutes(ContainerService engine, LocalImageStore store)
{
    public void Map(Router r)
    {
        r.Map("POST", "/images/prune", PruneAsync);
        r.Map("GET", "/system/df", DiskUsageAsync);
    }

    private HashSet<string> ImagesInUse() => [.. engine.Store.All().Select(c => c.Record.ImageId)];

    /// <summary>filters: <c>dangling=false</c> (the CLI's <c>-a</c>) prunes every unused image; <c>label</c> filters too.</summary>
    private async Task PruneAsync(HttpRequest q, HttpResponse s)
    {
        var filters = Filters(q.Query["filters"]);
        bool all = filters.TryGetValue("dangling", out var d) && d.Any(v => v is "false" or "0");
        var labels = filters.GetValueOrDefault("label") ?? [];
        Func<LocalImage, bool>? filter = labels.Count == 0 ? null : image => labels.All(l => HasLabel(image, l));
        var result = await Task.Run(() => store.Prune(all, ImagesInUse(), filter));
        foreach (var item in result.Deleted.Where(i => i.Deleted is not null))
            engine.Events.Publish("image", "delete", item.Deleted!, new() { ["name"] = item.Deleted! });
        engine.Events.Publish("image", "prune", "", new() { ["reclaimed"] = result.SpaceReclaimed.ToString() });
        await s.WriteJsonAsync(200, new ImagePruneResponse
        {
            ImagesDeleted = [.. result.Deleted.Select(i => new ImageDeleteResponseItem { Untagged = i.Untagged, Deleted = i.Deleted })],
            SpaceReclaimed = result.SpaceReclaimed,
        }, DistributionJson.Wire.ImagePruneResponse);
    }

    private static bool HasLabel(LocalImage image, string filter)
    {
        var kv = filter.Split('=', 2);
        var labels = image.Config.Config?.Labels;
        return labels is not null && labels.TryGetValue(kv[0], out var v) && (kv.Length == 1 || v == kv[1]);
    }

    /// <summary>The filters parameter: <c>{"key":["v"]}</c> or the older <c>{"key":{"v":true}}</c>.</summary>
    private static Dictionary<string, List<string>> Filters(string? json)
    {
        var result = new Dictionary<string, List<string>>();
        if (string.IsNullOrEmpty(json)) return result;
        try
        {
            using var doc = JsonDocument.Parse(json);
            foreach (var p in doc.RootElement.EnumerateObject())
                result[p.Name] = p.Value.ValueKind == JsonValueKind.Array
                    ? [.. p.Value.EnumerateArray().Select(v => v.GetString() ?? "")]
                    : [.. p.Value.EnumerateObject().Where(v => v.Value.ValueKind == JsonValueKind.True).Select(v => v.Name)];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException) { throw EngineException.Invalid($"invalid filter: {json}"); }
        foreach (var key in result.Keys)
            if (key is not ("dangling" or "label" or "until")) throw EngineException.Invalid($"invalid filter '{key}'");
        return result;
    }

    private async Task DiskUsageAsync(HttpRequest q, HttpResponse s)
    {
        var usage = await Task.Run(store.DiskUsage);
        var containers = engine.Store.All();
        var answer = new SystemDataUsage
        {
            LayersSize = usage.LayersSize,
            Images = [.. usage.Images.Select(u => new ImageSummary
            {
                Id = u.Image.Id.ToString(), RepoTags = [.. u.Image.RepoTags], RepoDigests = [.. u.Image.RepoDigests],
                Created = u.Image.Created.ToUnixTimeSeconds(), Size = u.Size, SharedSize = u.SharedSize, VirtualSize = u.Size,
                Labels = u.Image.Config.Config?.Labels ?? [], Containers = containers.Count(c => c.Record.ImageId == u.Image.Id.ToString()),
            })],
            Containers = [.. containers.Select(c => WithSize(engine.Summary(c), c.Id))],
        };
        await s.WriteJsonAsync(200, answer, DistributionJson.Wire.SystemDataUsage);
    }

    /// <summary>SizeRw: bytes in the container's writable layer.</summary>
    private ContainerSummary WithSize(ContainerSummary summary, string id)
    {
        try
        {
            var upper = new DirectoryInfo(engine.Snapshots.UpperDir(id));
            summary.SizeRw = upper.Exists ? upper.EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).Sum(f => f.Length) : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or KeyNotFoundException or InvalidOperationException) { }
        return summary;
    }
}
