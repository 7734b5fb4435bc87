using Wharf.Daemon.Http;
using Wharf.Engine.Containers;
using Wharf.Engine.Errors;
using Wharf.Images;
using Wharf.Images.References;

namespace Wharf.Daemon.Api;

/// <summary><c>docker save</c> (a docker-archive tar) and <c>docker load</c> (JSON "Loaded image" lines).</summary>
public sealed class ImageArchiveRoutes(ContainerService engine, LocalImageStore store)
{
    public void Map(Router r)
    {
        r.Map("GET", "/images/get", (q, s) => SaveAsync(q.Query.All("names").SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries)).ToList(), s));
        r.Map("GET", "/images/{*name}/get", (q, s) => SaveAsync([q.Route("name")], s));
        r.Map("POST", "/images/load", LoadAsync);
    }

    private async Task SaveAsync(List<string> names, HttpResponse s)
    {
        if (names.Count == 0) throw EngineException.Invalid("no images given to save");
        foreach (var name in names)
            if (store.Resolve(name) is null)
                throw EngineException.NoSuchImage(ImageReference.TryParse(name, out var r) && r is not null && !name.StartsWith("sha256:", StringComparison.Ordinal) ? r.Familiar : name);
        var body = new ChunkedResponseStream(s, "application/x-tar");
        await store.SaveAsync(names, body, CancellationToken.None);
        await body.CompleteAsync();
        foreach (var name in names) engine.Events.Publish("image", "save", store.Resolve(name)!.Id.ToString(), new() { ["name"] = name });
    }

    /// <summary>quiet=1 drops the per-layer bars, as the CLI's <c>-q</c> asks; the "Loaded image" lines stay.</summary>
    private async Task LoadAsync(HttpRequest q, HttpResponse s)
    {
        bool quiet = q.Query.Bool("quiet");
        await using var progress = await JsonProgressWriter.StartAsync(s);
        try
        {
            var loaded = await store.LoadAsync(q.Body, m => { if (!quiet || m.Stream is not null) progress.Report(m); }, CancellationToken.None);
            foreach (var image in loaded)
                engine.Events.Publish("image", "load", image.Id.ToString(), new() { ["name"] = image.RepoTags.FirstOrDefault() ?? image.Id.ToString() });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            progress.Fail(e.Message);
        }
    }
}
