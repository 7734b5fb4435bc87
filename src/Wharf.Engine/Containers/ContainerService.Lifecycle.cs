using System.Text.Json;
using Wharf.Engine.Errors;
using Wharf.Engine.Rootfs;
using Wharf.Oci;

namespace Wharf.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>POST /containers/{id}/start: 304 when already running.</summary>
    public async Task StartAsync(Container c, CancellationToken ct = default)
    {
        await c.Lock.WaitAsync(ct);
        TaskCompletionSource<int> run;
        try { run = await StartLockedAsync(c, ct); }
        catch (Exception e)
        {
            c.Lock.Release();
            // Docker removes an --rm container whose start failed, which also ends a `wait condition=removed`.
            if (c.Record.HostConfig.AutoRemove && e is not EngineException { Kind: ErrorKind.NotModified })
                try { await RemoveAsync(c, force: true, removeVolumes: false); } catch (EngineException) { }
            throw;
        }
        c.Lock.Release();
        await SaveRunningStateAsync(c, run);
    }

    /// <summary>Writes the running state once the start has let go of the lock, before the reply: the exit of a
    /// container that ends at once (run --rm busybox true) does not wait for this write (0.3-2.5 ms under load), and
    /// when that exit came first the write is skipped (the exit wrote its own state, or the record is deleted).
    /// Not fsynced: after a power loss no container runs, and restore treats a "running" record whose shim is gone
    /// as exited, so the previous state (created/exited) read back then is just as good.</summary>
    private async Task SaveRunningStateAsync(Container c, TaskCompletionSource<int> run)
    {
        await c.Lock.WaitAsync();
        try
        {
            if (c.NextExit == run && c.Record.State.Running && Store.TryGet(c.Id) == c) Store.Save(c, durable: false);
        }
        catch (IOException e) { Log($"saving the running state of {c.ShortId}: {e.Message}"); } // it runs all the same
        finally { c.Lock.Release(); }
    }

    /// <summary>Starts the container; returns the run's exit source (which the exit replaces).</summary>
    private async Task<TaskCompletionSource<int>> StartLockedAsync(Container c, CancellationToken ct)
    {
        var r = c.Record;
        if (r.State.Running) throw new EngineException(ErrorKind.NotModified, "container already started");
        if (r.State.Status == "removing" || r.State.Dead) throw EngineException.Conflict($"Container {c.Id} is marked for removal and cannot be started.");
        c.RestartDelay?.Cancel();
        string bundle = Paths.Bundle(c.Id), rootfs = Paths.Rootfs(c.Id);
        Directory.CreateDirectory(bundle);
        File.Delete(Paths.ExitFile(c.Id));
        try
        {
            // Started first: the shim's start-up overlaps the mount and the spec, and it creates once told to.
            using var shim = _shims.Launch(r);
            RootfsMounter.Mount(Snapshots.Mounts(c.Id), rootfs, volatileUpper: r.HostConfig.AutoRemove);
            string? init = (r.HostConfig.Init ?? _options.DefaultInit)
                ? _options.InitPath ?? Init.InitBinary.EnsureWritten(_options.ExecRoot, _options.DataRoot)
                : null;
            var spec = _specs.Build(r, rootfs, init);
            File.WriteAllBytes(Path.Combine(bundle, "config.json"), JsonSerializer.SerializeToUtf8Bytes(spec, OciJson.Indented.Spec));
            int pid = await shim.CreateAsync(ct);
            List<Func<Task>> pending;
            lock (c.PendingAttaches) { pending = [.. c.PendingAttaches]; c.PendingAttaches.Clear(); }
            foreach (var attach in pending) await attach();
            var reply = await Shim(c).CallAsync("start", ct);
            if (!reply.StartsWith("ok", StringComparison.Ordinal))
            {
                await KillShimContainerAsync(c);
                throw new EngineException(ErrorKind.System, "failed to create task for container: OCI runtime start failed: " + reply[(reply.IndexOf(' ') + 1)..] + ": unknown");
            }
            lock (r)
            {
                r.State = new Api.Models.ContainerState
                {
                    Status = "running", Running = true, Pid = pid, StartedAt = Rfc3339(DateTime.UtcNow),
                    FinishedAt = r.State.FinishedAt, Health = r.Config.Healthcheck is { Test: [not "NONE", ..] } ? new Api.Models.HealthState() : null,
                };
                r.HasBeenStarted = true;
                r.ManuallyStopped = false;
            }
        }
        catch (Exception e)
        {
            RootfsMounter.Unmount(rootfs);
            // Attaches waiting for this start give up: opening the shim socket fails, which ends their streams.
            List<Func<Task>> waiting;
            lock (c.PendingAttaches) { waiting = [.. c.PendingAttaches]; c.PendingAttaches.Clear(); }
            foreach (var attach in waiting) await attach();
            lock (r) { r.State.Error = e.Message; if (r.State.Status != "created") { r.State.Status = "exited"; r.State.ExitCode = ExitCodeFor(e.Message); } }
            Store.Save(c);
            throw;
        }
        Emit(c, "start");
        var run = c.NextExit;
        _ = MonitorAsync(c, run);
        StartHealthcheck(c);
        return run;
    }

    private static int ExitCodeFor(string error) =>
        error.Contains("executable file not found") || error.Contains("no such file or directory") ? 127
        : error.Contains("permission denied") ? 126 : 128;

    private async Task KillShimContainerAsync(Container c)
    {
        try { await _runtimeCommands.RunAsync(c.Record.RuntimePath, "delete", "--force", c.Id); } catch (EngineException) { }
    }

    /// <summary>Waits for the shim to report the exit (or, if the shim is gone, reads the status it left).</summary>
    private async Task MonitorAsync(Container c, TaskCompletionSource<int> run)
    {
        int code;
        try
        {
            var reply = await Shim(c).CallAsync("wait");
            code = reply.StartsWith("exit ", StringComparison.Ordinal) ? int.Parse(reply[5..]) : ReadExitFile(c) ?? 255;
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or FormatException)
        {
            // Give a shim that is finishing a moment to write the status.
            for (int i = 0; i < 20 && ReadExitFile(c) is null; i++) await Task.Delay(100);
            code = ReadExitFile(c) ?? await CleanUpAfterDeadShimAsync(c);
        }
        await OnExitAsync(c, run, code);
    }

    /// <summary>
    /// A shim that died without leaving an exit status (killed) leaves its container running, reparented to init, with
    /// its runtime state and cgroups: nothing could stop it, and a new start would find the id taken. As containerd
    /// does after a dead shim: kill and delete it through the runtime, and report 128+SIGKILL.
    /// </summary>
    private async Task<int> CleanUpAfterDeadShimAsync(Container c)
    {
        Log($"the shim of container {c.ShortId} is gone without an exit status: killing and deleting the container");
        await KillShimContainerAsync(c);
        return 137;
    }

    private int? ReadExitFile(Container c)
    {
        try
        {
            var text = File.ReadAllText(Paths.ExitFile(c.Id)).Split(' ');
            return int.Parse(text[0]);
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException) { return null; }
    }

    private async Task OnExitAsync(Container c, TaskCompletionSource<int> run, int code)
    {
        var r = c.Record;
        await c.Lock.WaitAsync();
        bool restart, removeNow;
        try
        {
            if (run.Task.IsCompleted) return;
            c.HealthLoop?.Cancel();
            restart = ShouldRestart(r, code);
            removeNow = r.HostConfig.AutoRemove && !restart;
            // An --rm container's rootfs is unmounted by its removal, after the reply (see RemoveAsync): the unmount
            // waits for an RCU grace period, 1-20 ms.
            if (!removeNow) RootfsMounter.Unmount(Paths.Rootfs(c.Id));
            lock (r)
            {
                r.State.Running = false;
                r.State.Paused = false;
                r.State.Pid = 0;
                r.State.ExitCode = code;
                r.State.Status = "exited";
                r.State.FinishedAt = Rfc3339(DateTime.UtcNow);
                if (r.State.Health is { } h) h.Status = "unhealthy";
            }
            if (restart) { r.State.Status = "restarting"; r.State.Restarting = true; }
            // An --rm container's record is deleted right after this, so it is not written at all: should the daemon
            // stop in between, start-up finds the record saying "running" with its shim gone, reads the exit status
            // the shim left and removes the container then.
            if (!removeNow) Store.Save(c);
        }
        finally { c.Lock.Release(); }
        Emit(c, "die", new() { ["exitCode"] = code.ToString() });
        // Waiters registered before this run ended get its code; later ones wait for the next run.
        c.NextExit = new(TaskCreationOptions.RunContinuationsAsynchronously);
        run.TrySetResult(code);
        if (removeNow)
        {
            try { await RemoveAsync(c, force: true, removeVolumes: false); } catch (EngineException) { }
            return;
        }
        if (restart) _ = RestartAfterDelayAsync(c);
    }

    private static bool ShouldRestart(ContainerRecord r, int code) => r.HostConfig.RestartPolicy.Name switch
    {
        "always" => !r.ManuallyStopped,
        "unless-stopped" => !r.ManuallyStopped,
        "on-failure" => !r.ManuallyStopped && code != 0 && (r.HostConfig.RestartPolicy.MaximumRetryCount == 0 || r.RestartCount < r.HostConfig.RestartPolicy.MaximumRetryCount),
        _ => false,
    };

    private async Task RestartAfterDelayAsync(Container c)
    {
        var cts = new CancellationTokenSource();
        c.RestartDelay = cts;
        // Docker's back-off: 100 ms doubling, capped at a minute.
        int delay = (int)Math.Min(60_000, 100 * Math.Pow(2, Math.Min(c.Record.RestartCount, 10)));
        try { await Task.Delay(delay, cts.Token); } catch (OperationCanceledException) { return; }
        if (Store.TryGet(c.Id) is null || c.Record.ManuallyStopped) return;
        c.Record.RestartCount++;
        c.Record.State.Restarting = false;
        try { await StartAsync(c); Emit(c, "restart"); }
        catch (EngineException e) when (e.Kind == ErrorKind.NotModified) { }
        catch (Exception e)
        {
            Log($"restart of {c.ShortId} failed: {e.Message}");
            c.Record.State.Restarting = false;
            c.Record.State.Status = "exited";
            Store.Save(c);
        }
    }

    /// <summary>POST /containers/{id}/stop: the stop signal, then SIGKILL after the timeout. 304 if not running.</summary>
    public async Task StopAsync(Container c, int? timeoutSeconds, string? signal)
    {
        var r = c.Record;
        if (r.State.Restarting) { c.RestartDelay?.Cancel(); r.ManuallyStopped = true; r.State.Restarting = false; r.State.Status = "exited"; Store.Save(c); return; }
        if (!r.State.Running) throw new EngineException(ErrorKind.NotModified, "container already stopped");
        r.ManuallyStopped = true;
        var exit = c.NextExit.Task;
        int timeout = timeoutSeconds ?? r.Config.StopTimeout ?? 10;
        string sig = Signals.Normalize(signal ?? r.Config.StopSignal ?? "SIGTERM");
        if (r.State.Paused) await UnpauseAsync(c);
        await SignalAsync(c, sig);
        if (timeout < 0) { await exit; return; }
        if (await Task.WhenAny(exit, Task.Delay(TimeSpan.FromSeconds(timeout))) == exit) { Emit(c, "stop"); return; }
        Emit(c, "kill", new() { ["signal"] = "9" });
        await SignalAsync(c, "KILL");
        await exit.WaitAsync(TimeSpan.FromSeconds(30));
        Emit(c, "stop");
    }

    /// <summary>POST /containers/{id}/kill: 409 when the container is not running.</summary>
    public async Task KillAsync(Container c, string? signal)
    {
        if (!c.Record.State.Running) throw EngineException.Conflict($"cannot kill container: {c.Id}: container {c.Id} is not running");
        string sig = Signals.Normalize(string.IsNullOrEmpty(signal) ? "SIGKILL" : signal);
        if (sig is "KILL" or "TERM" or "INT") c.Record.ManuallyStopped = true;
        await SignalAsync(c, sig);
        Emit(c, "kill", new() { ["signal"] = Signals.Number(sig).ToString() });
    }

    private Task SignalAsync(Container c, string sig) =>
        _runtimeCommands.RunAsync(c.Record.RuntimePath, "kill", c.Id, sig);

    public async Task RestartAsync(Container c, int? timeout, string? signal)
    {
        if (c.Record.State.Running) await StopAsync(c, timeout, signal);
        await StartAsync(c);
        Emit(c, "restart");
    }

    public async Task PauseAsync(Container c)
    {
        if (!c.Record.State.Running) throw EngineException.Conflict($"Container {c.Id} is not running");
        if (c.Record.State.Paused) throw EngineException.Conflict($"Container {c.Id} is already paused");
        await _runtimeCommands.RunAsync(c.Record.RuntimePath, "pause", c.Id);
        c.Record.State.Paused = true;
        c.Record.State.Status = "paused";
        Store.Save(c);
        Emit(c, "pause");
    }

    public async Task UnpauseAsync(Container c)
    {
        if (!c.Record.State.Paused) throw EngineException.Conflict($"Container {c.Id} is not paused");
        await _runtimeCommands.RunAsync(c.Record.RuntimePath, "resume", c.Id);
        c.Record.State.Paused = false;
        c.Record.State.Status = "running";
        Store.Save(c);
        Emit(c, "unpause");
    }

    /// <summary>DELETE /containers/{id}: 409 for a running container unless forced.</summary>
    public async Task RemoveAsync(Container c, bool force, bool removeVolumes)
    {
        var r = c.Record;
        if ((r.State.Running || r.State.Restarting) && !force)
        {
            string what = r.State.Paused ? "paused" : r.State.Restarting ? "restarting" : "running";
            throw EngineException.Conflict($"cannot remove container \"{r.Name}\": container is {what}: stop the container before removing or force remove");
        }
        c.RestartDelay?.Cancel();
        r.ManuallyStopped = true;
        if (r.State.Running)
        {
            var exit = c.NextExit.Task;
            if (r.State.Paused) { try { await UnpauseAsync(c); } catch (EngineException) { } }
            try { await SignalAsync(c, "KILL"); } catch (EngineException) { }
            await exit.WaitAsync(TimeSpan.FromSeconds(30));
        }
        string? retiredSnapshot;
        await c.Lock.WaitAsync();
        try
        {
            if (Store.TryGet(c.Id) is null) return;
            r.State.Status = "removing";
            // Two renames/unlinks make the removal stick: the snapshot leaves the store, then the record is deleted.
            retiredSnapshot = Snapshots.Retire(c.Id);
            Store.Delete(c);
        }
        finally { c.Lock.Release(); }
        Emit(c, "destroy");
        c.Removed.TrySetResult();
        // Nothing refers to the rest any more, and start-up sweeps what a crash leaves (bundles without a container
        // are unmounted and deleted, retired snapshots cleared): the unmount (an RCU grace period) and a dozen
        // unlinks, milliseconds each on a busy disk, happen after the reply instead of before `run --rm` exits.
        _ = Task.Run(() => DeleteLeftoversAsync(c.Id, retiredSnapshot));
    }

    private async Task DeleteLeftoversAsync(string id, string? retiredSnapshot)
    {
        try { RootfsMounter.Unmount(Paths.Rootfs(id)); }
        catch (IOException e) { Log($"unmounting the rootfs of removed container {id}: {e.Message}"); return; }
        if (retiredSnapshot is not null) ContainerStore.TryDeleteTree(retiredSnapshot, Log);
        // The shim may be finishing: its exit status goes into the bundle, its last log lines into the data directory.
        await ContainerStore.TryDeleteSettlingTreeAsync(Paths.Bundle(id), Log);
        await ContainerStore.TryDeleteSettlingTreeAsync(Paths.DataDir(id), Log);
    }

    public void Rename(Container c, string newName)
    {
        if (string.IsNullOrEmpty(newName)) throw EngineException.Invalid("Neither old nor new names may be empty");
        if (!ValidName().IsMatch(newName)) throw EngineException.Invalid($"Invalid container name ({newName}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        string old = c.Record.Name;
        if (old == "/" + newName.TrimStart('/')) throw EngineException.Invalid("Renaming a container with the same name as its current name");
        Store.Rename(c, "/" + newName.TrimStart('/'));
        Store.Save(c);
        Emit(c, "rename", new() { ["oldName"] = old });
    }

    /// <summary>Waits per condition: not-running (default), next-exit, removed. Returns the exit code.</summary>
    public async Task<int> WaitAsync(Container c, string? condition, CancellationToken ct)
    {
        switch (condition)
        {
            case "removed":
                await c.Removed.Task.WaitAsync(ct);
                return c.Record.State.ExitCode;
            case "next-exit":
                return await c.NextExit.Task.WaitAsync(ct);
            case null or "" or "not-running":
                if (!c.Record.State.Running && !c.Record.State.Restarting) return c.Record.State.ExitCode;
                return await c.NextExit.Task.WaitAsync(ct);
            default:
                throw EngineException.Invalid($"invalid condition: \"{condition}\"");
        }
    }
}
