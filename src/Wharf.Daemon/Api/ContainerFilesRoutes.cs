using Wharf.Api.Models;
using Wharf.Daemon.Http;
using Wharf.Engine.Containers;
using Wharf.Engine.Errors;
using Wharf.Engine.Rootfs;
using Wharf.Images;
using Wharf.Images.References;
using OciContainerConfig = Wharf.Oci.Image.ContainerConfig;
using OciEmpty = Wharf.Oci.Image.EmptyObject;

namespace Wharf.Daemon.Api;

/// <summary>What a container's writable layer turns into: <c>docker commit</c>, <c>export</c> and <c>diff</c>.
/// The snapshot key of a container is its ID (ContainerService prepares it so).</summary>
public sealed class ContainerFilesRoutes(ContainerService engine, LocalImageStore store)
{
    public void Map(Router r)
    {
        r.Map("POST", "/commit", CommitAsync);
        r.Map("GET", "/containers/{id}/export", ExportAsync);
        r.Map("GET", "/containers/{id}/changes", ChangesAsync);
    }

    private async Task CommitAsync(HttpRequest q, HttpResponse s)
    {
        var c = engine.Store.Get(q.Query["container"] ?? throw EngineException.Invalid("container is required"));
        string? reference = null;
        if (q.Query["repo"] is { Length: > 0 } repo)
        {
            reference = string.IsNullOrEmpty(q.Query["tag"]) ? repo : repo + ":" + q.Query["tag"];
            if (!ImageReference.TryParse(reference, out var parsed) || parsed!.Digest is not null)
                throw EngineException.Invalid($"invalid reference format: {reference}");
        }
        await q.Body.CopyToAsync(Stream.Null); // the CLI may send a config body; --change carries what we apply
        var config = ApplyChanges(ImageConfigOf(c.Record.Config), ImportChanges.Parse(q.Query.All("changes")));
        var r = c.Record;
        string createdBy = string.Join(' ', new[] { r.Path }.Concat(r.Args));
        // Like dockerd, a running container is paused (frozen) while its diff is read, unless pause=0.
        bool pause = c.Record.State.Running && !c.Record.State.Paused && q.Query["pause"] is not ("0" or "false");
        if (pause) await engine.PauseAsync(c);
        LocalImage image;
        try
        {
            image = await store.CommitAsync(new CommitRequest(c.Id, string.IsNullOrEmpty(r.ImageId) ? null : r.ImageId, config,
                q.Query["comment"], q.Query["author"], createdBy, reference), CancellationToken.None);
        }
        catch (ReferenceFormatException e) { throw EngineException.Invalid(e.Message); }
        finally
        {
            if (pause && c.Record.State.Paused) await engine.UnpauseAsync(c);
        }
        engine.Emit(c, "commit", new() { ["comment"] = q.Query["comment"] ?? "", ["imageID"] = image.Id.ToString(), ["imageRef"] = reference ?? "" });
        await s.WriteJsonAsync(201, new IdResponse { Id = image.Id.ToString() }, DistributionJson.Wire.IdResponse);
    }

    /// <summary>The container's run configuration as an image config, as Docker keeps it on commit.</summary>
    private static OciContainerConfig ImageConfigOf(ContainerConfig c) => new()
    {
        User = string.IsNullOrEmpty(c.User) ? null : c.User,
        Env = c.Env, Cmd = c.Cmd, Entrypoint = c.Entrypoint, Labels = c.Labels, StopSignal = c.StopSignal,
        WorkingDir = string.IsNullOrEmpty(c.WorkingDir) ? null : c.WorkingDir, OnBuild = c.OnBuild, Shell = c.Shell,
        ExposedPorts = c.ExposedPorts?.ToDictionary(p => p.Key, _ => new OciEmpty()),
        Volumes = c.Volumes?.ToDictionary(p => p.Key, _ => new OciEmpty()),
    };

    /// <summary><c>--change</c> instructions override the container's values one field at a time.</summary>
    private static OciContainerConfig ApplyChanges(OciContainerConfig config, OciContainerConfig? changes)
    {
        if (changes is null) return config;
        config.Cmd = changes.Cmd ?? config.Cmd;
        config.Entrypoint = changes.Entrypoint ?? config.Entrypoint;
        config.WorkingDir = changes.WorkingDir ?? config.WorkingDir;
        config.User = changes.User ?? config.User;
        config.StopSignal = changes.StopSignal ?? config.StopSignal;
        foreach (var env in changes.Env ?? [])
        {
            string key = env.Split('=', 2)[0];
            config.Env = [.. (config.Env ?? []).Where(e => e.Split('=', 2)[0] != key), env];
        }
        foreach (var (k, v) in changes.Labels ?? []) (config.Labels ??= [])[k] = v;
        foreach (var (k, v) in changes.ExposedPorts ?? []) (config.ExposedPorts ??= [])[k] = v;
        return config;
    }

    private async Task ChangesAsync(HttpRequest q, HttpResponse s)
    {
        var c = engine.Store.Get(q.Route("id"));
        var changes = store.Diff(c.Id).Select(f => new FilesystemChange { Path = f.Path, Kind = (int)f.Kind }).ToList();
        await s.WriteJsonAsync(200, changes, DistributionJson.Wire.ListFilesystemChange);
    }

    /// <summary>A running container's rootfs is mounted already; a stopped one's snapshot is mounted for the copy,
    /// holding the container's lock so a start cannot race the temporary mount.</summary>
    private async Task ExportAsync(HttpRequest q, HttpResponse s)
    {
        var c = engine.Store.Get(q.Route("id"));
        string rootfs = engine.Paths.Rootfs(c.Id);
        if (c.IsRunning && RootfsMounter.IsMountPoint(rootfs))
        {
            await StreamTarAsync(rootfs, s);
            return;
        }
        await c.Lock.WaitAsync();
        string target = Path.Combine(engine.Options.ExecRoot, "export-" + c.Id[..12] + "-" + Environment.TickCount64);
        try
        {
            RootfsMounter.Mount(engine.Snapshots.Mounts(c.Id), target);
            try { await StreamTarAsync(target, s); }
            finally { RootfsMounter.Unmount(target); }
        }
        finally
        {
            try { Directory.Delete(target); } catch (IOException) { }
            c.Lock.Release();
        }
        engine.Events.Publish("container", "export", c.Id, []);
    }

    private static async Task StreamTarAsync(string root, HttpResponse s)
    {
        var body = new ChunkedResponseStream(s, "application/x-tar");
        await Task.Run(() => LocalImageStore.Export(root, body));
        await body.CompleteAsync();
    }
}
