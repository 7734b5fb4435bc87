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

    /// <summary>filters: <c>dangling=false</c> (the CLI's <c>-a</c>) prunes every unused image; <c>label</c> and <c>until</c> narrow it.</summary>
    private async Task PruneAsync(HttpRequest q, HttpResponse s)
    {
        var filters = ImageFilters.Parse(RequestJson.Filters(q), store.Resolve, "dangling", "label", "until");
        bool all = filters.Dangling == false;
        var until = filters.Until(DateTimeOffset.UtcNow);
        Func<LocalImage, bool> filter = image => filters.MatchesLabels(image) && (until is null || image.Created < until);
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
