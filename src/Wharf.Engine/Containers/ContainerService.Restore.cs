using Wharf.Engine.Rootfs;

namespace Wharf.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>Start-up: loads every stored container, reattaches to the shims of running ones, records exits that
    /// happened while the daemon was away, removes stopped --rm containers and applies restart policies
    /// (always/unless-stopped come back).</summary>
    public async Task RestoreAsync()
    {
        Store.Load(Log);
        SweepBundles();
        SweepSnapshots();
        foreach (var c in Store.All())
        {
            var r = c.Record;
            if (r.State.Running)
            {
                var shim = Shim(c);
                bool alive = false;
                try { alive = shim.Exists && (await shim.CallAsync("state")).StartsWith("running", StringComparison.Ordinal); }
                catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException) { }
                if (alive) { _ = MonitorAsync(c, c.NextExit); StartHealthcheck(c); continue; }
                int code = ReadExitFile(c) ?? await CleanUpAfterDeadShimAsync(c);
                Log($"container {c.ShortId} exited while the daemon was down (status {code})");
                await OnExitAsync(c, c.NextExit, code);
                continue;
            }
            RootfsMounter.Unmount(Paths.Rootfs(c.Id));
            if (r.HostConfig.AutoRemove && !r.State.Restarting)
            {
                // Docker removes a stopped --rm container at start-up: it ended (or never started) while no daemon
                // was there to remove it.
                await RemoveAsync(c, force: true, removeVolumes: false);
                continue;
            }
            bool comeBack = r.State.Restarting
                || (r.HasBeenStarted && !r.ManuallyStopped && r.HostConfig.RestartPolicy.Name is "always" or "unless-stopped");
            if (comeBack)
            {
                r.State.Restarting = false;
                _ = Task.Run(async () =>
                {
                    try { await StartAsync(c); }
                    catch (Exception e) { Log($"restart of {c.ShortId} at start-up failed: {e.Message}"); }
                });
            }
        }
    }

    /// <summary>Bundles of containers that no longer exist: removed just before a crash (their directories go after
    /// the reply, see <see cref="RemoveAsync"/>).</summary>
    private void SweepBundles()
    {
        if (!Directory.Exists(Paths.BundlesRoot)) return;
        foreach (var dir in Directory.GetDirectories(Paths.BundlesRoot))
        {
            string id = Path.GetFileName(dir);
            if (Store.TryGet(id) is not null) continue;
            RootfsMounter.Unmount(Paths.Rootfs(id));
            ContainerStore.TryDeleteTree(dir, Log);
        }
    }

    /// <summary>Active snapshots without a container: only containers prepare them (keyed by container ID), and an
    /// --rm container's snapshot can outlive its unsynced record through a power loss. Runs after
    /// <see cref="ContainerStore.Load"/>, which leaves a data directory exactly where a record file is (an unreadable
    /// record included, whose snapshot stays).</summary>
    private void SweepSnapshots()
    {
        foreach (var (key, _) in Snapshots.ListActive())
        {
            if (Directory.Exists(Paths.DataDir(key))) continue;
            Log($"removing the snapshot of container {key}, which no longer exists");
            try { Snapshots.Remove(key); }
            catch (IOException e) { Log($"removing snapshot {key}: {e.Message}"); }
        }
    }

    /// <summary>Shutdown: the spare shim is called off (it would also exit once the daemon's end of its stdin closed).</summary>
    public void ReleaseSpareShim() => _shims.Dispose();

    /// <summary>Shutdown without live-restore: stop every running container (Docker's default).</summary>
    public async Task StopAllAsync()
    {
        var running = Store.All().Where(c => c.Record.State.Running).ToList();
        await Task.WhenAll(running.Select(async c =>
        {
            try { await StopAsync(c, null, null); c.Record.ManuallyStopped = false; Store.Save(c); }
            catch (Exception e) { Log($"stopping {c.ShortId}: {e.Message}"); }
        }));
    }
}
