using Wharf.Api.Models;
using Wharf.Daemon.Http;
using Wharf.Engine.Containers;
using Wharf.Engine.Errors;
using Wharf.Images;
using Wharf.Images.References;
using Wharf.Images.Store;

namespace Wharf.Daemon.Api;

/// <summary>The image routes this issue needs, over IImageStore: list, inspect, tag, remove, import, history.</summary>
public sealed class ImageRoutes(ContainerService engine)
{
    private IImageStore Images => engine.Images;

    /// <summary>Serves <c>fromImage</c> (pull); set by the daemon to DistributionRoutes.PullAsync.</summary>
    public Router.Handler? Pull { get; init; }

    public void Map(Router r)
    {
        r.Map("GET", "/images/json", (q, s) => s.WriteJsonAsync(200, List(q), ApiJson.Wire.ListImageSummary));
        r.Map("POST", "/images/create", CreateAsync);
        r.Map("GET", "/images/{*name}/json", (q, s) => s.WriteJsonAsync(200, Inspect(Get(q.Route("name"))), ApiJson.Wire.ImageInspect));
        r.Map("GET", "/images/{*name}/history", (q, s) => s.WriteJsonAsync(200, History(q.Route("name")), ApiJson.Wire.ListImageHistoryResponseItem));
        r.Map("POST", "/images/{*name}/tag", TagAsync);
        r.Map("DELETE", "/images/{*name}", RemoveAsync);
    }

    private LocalImage Get(string name) => Images.Resolve(name) ?? throw EngineException.NoSuchImage(ContainerService_Familiar(name));

    private static string ContainerService_Familiar(string name) =>
        ImageReference.TryParse(name, out var r) && r is not null && !name.StartsWith("sha256:", StringComparison.Ordinal) ? r.Familiar : name;

    private List<ImageSummary> List(HttpRequest q)
    {
        var filters = ImageFilters.Parse(RequestJson.Filters(q), Images.Resolve, "dangling", "label", "reference", "before", "since");
        var containers = engine.Store.All();
        return [.. Images.List().Where(filters.Matches).OrderByDescending(i => i.Created).Select(i => new ImageSummary
        {
            Id = i.Id.ToString(), RepoTags = filters.VisibleTags(i), RepoDigests = [.. i.RepoDigests], Created = i.Created.ToUnixTimeSeconds(),
            Size = i.Size, VirtualSize = i.Size, Labels = i.Config.Config?.Labels ?? [],
            Containers = containers.Count(c => c.Record.ImageId == i.Id.ToString()),
        })];
    }

    private static ImageInspect Inspect(LocalImage i)
    {
        var ic = i.Config.Config;
        return new ImageInspect
        {
            Id = i.Id.ToString(), RepoTags = [.. i.RepoTags], RepoDigests = [.. i.RepoDigests],
            Created = i.Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'"), Comment = i.Config.Comment ?? "",
            DockerVersion = i.Config.DockerVersion ?? "", Author = i.Config.Author ?? "", Architecture = i.Config.Architecture,
            Variant = i.Config.Variant, Os = i.Config.Os, Size = i.Size, VirtualSize = i.Size,
            RootFS = new ImageRootFs { Layers = [.. i.Config.Rootfs.DiffIds] },
            Config = ic is null ? null : new ContainerConfig
            {
                User = ic.User ?? "", Env = ic.Env, Cmd = ic.Cmd, Entrypoint = ic.Entrypoint, WorkingDir = ic.WorkingDir ?? "",
                Labels = ic.Labels, StopSignal = ic.StopSignal, OnBuild = ic.OnBuild, Shell = ic.Shell,
                ExposedPorts = ic.ExposedPorts?.ToDictionary(p => p.Key, _ => new EmptyObject()),
                Volumes = ic.Volumes?.ToDictionary(p => p.Key, _ => new EmptyObject()),
            },
        };
    }

    private List<ImageHistoryResponseItem> History(string name)
    {
        Get(name);
        return [.. Images.History(name).Select(h => new ImageHistoryResponseItem
        {
            Id = h.Id, Created = h.Created.ToUnixTimeSeconds(), CreatedBy = h.CreatedBy, Tags = h.Tags.Count > 0 ? [.. h.Tags] : null,
            Size = h.Size, Comment = h.Comment,
        })];
    }

    private async Task TagAsync(HttpRequest q, HttpResponse s)
    {
        string source = q.Route("name");
        Get(source);
        string repo = q.Query["repo"] ?? throw EngineException.Invalid("repo is required");
        string target = string.IsNullOrEmpty(q.Query["tag"]) ? repo : repo + ":" + q.Query["tag"];
        if (!ImageReference.TryParse(target, out _)) throw EngineException.Invalid($"invalid reference format: {target}");
        Images.Tag(source, target);
        engine.Events.Publish("image", "tag", Get(source).Id.ToString(), new() { ["name"] = ContainerService_Familiar(target) });
        await s.WriteAsync(201, "text/plain; charset=utf-8", default);
    }

    private async Task RemoveAsync(HttpRequest q, HttpResponse s)
    {
        string name = q.Route("name");
        var image = Get(name);
        bool force = q.Query.Bool("force");
        var user = engine.Store.All().FirstOrDefault(c => c.Record.ImageId == image.Id.ToString());
        if (user is not null && (!force || user.IsRunning) && (image.RepoTags.Count <= 1 || name.StartsWith("sha256:", StringComparison.Ordinal) || image.Id.Hex.StartsWith(name, StringComparison.Ordinal)))
            throw EngineException.Conflict($"conflict: unable to delete {ContainerService_Familiar(name)} (must be forced) - image is being used by {(user.IsRunning ? "running" : "stopped")} container {user.ShortId}");
        IReadOnlyList<ImageDeleteItem> items;
        try { items = Images.Remove(name, force, q.Query.Bool("noprune")); }
        catch (ImageConflictException e) { throw EngineException.Conflict(e.Message); }
        catch (ImageNotFoundException) { throw EngineException.NoSuchImage(ContainerService_Familiar(name)); }
        foreach (var i in items)
            engine.Events.Publish("image", i.Deleted is not null ? "delete" : "untag", i.Deleted ?? image.Id.ToString(), new() { ["name"] = i.Untagged ?? i.Deleted ?? "" });
        await s.WriteJsonAsync(200, [.. items.Select(i => new ImageDeleteResponseItem { Untagged = i.Untagged, Deleted = i.Deleted })], ApiJson.Wire.ListImageDeleteResponseItem);
    }

    /// <summary>POST /images/create: import (fromSrc=-) reads a rootfs tarball from the body; pull is another issue's.</summary>
    private async Task CreateAsync(HttpRequest q, HttpResponse s)
    {
        if (q.Query["fromSrc"] is not { } src)
        {
            if (Pull is not null) { await Pull(q, s); return; }
            string image = q.Query["fromImage"] ?? throw EngineException.Invalid("fromImage or fromSrc is required");
            throw new EngineException(ErrorKind.NotFound, $"pull access denied for {ContainerService_Familiar(image)}: pulling images is not available in this daemon yet");
        }
        if (src != "-") throw EngineException.Invalid("import from a URL is not supported; use fromSrc=-");
        string? reference = q.Query["repo"] is { Length: > 0 } repo ? (string.IsNullOrEmpty(q.Query["tag"]) ? repo : repo + ":" + q.Query["tag"]) : null;
        if (reference is not null && !ImageReference.TryParse(reference, out _)) throw EngineException.Invalid($"invalid reference format: {reference}");
        var config = ImportChanges.Parse(q.Query.All("changes"));
        await s.StartStreamAsync("application/json");
        try
        {
            var image = await Images.ImportAsync(q.Body, reference, config, q.Query["message"], CancellationToken.None);
            engine.Events.Publish("image", "import", image.Id.ToString(), new() { ["name"] = reference ?? image.Id.ToString() });
            await s.WriteJsonChunkAsync(new ProgressMessage { Status = image.Id.ToString() }, ApiJson.Wire.ProgressMessage, default, "\r\n");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await s.WriteJsonChunkAsync(new ProgressMessage { ErrorDetail = new ErrorResponse { Message = e.Message }, Error = e.Message }, ApiJson.Wire.ProgressMessage, default, "\r\n");
        }
        await s.EndStreamAsync();
    }
}
