namespace Wharf.Shim;

/// <summary>One container's life in the shim: runtime create, start on request, stdio and log, exit status.</summary>
internal sealed class ContainerSupervisor(ShimOptions options)
{
    private readonly IRuntimeDriver _runtime = RuntimeDrivers.For(options);
    private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // A container that exits at once (run --rm busybox true) can end while the runtime's start is still finishing
    // (it removes exec.fifo after the release): the delete after the exit waits for start to return.
    private readonly Lock _verbs = new();
    private JsonFileLogger? _log;
    private ProcessStdio? _stdio;
    private Task _outputDone = Task.CompletedTask;

    public OutputFanout Attached { get; } = new();
    public int Pid { get; private set; }
    public Task<int> Exited => _exit.Task;
    public IRuntimeDriver Runtime => _runtime;
    public ShimOptions Options => options;
    public bool Started { get; private set; }

    /// <summary><c>runtime create</c>: the container exists, its init waits to be started. Throws with the runtime's error.</summary>
    public async Task CreateAsync()
    {
        (Pid, _stdio) = await _runtime.CreateAsync(options);
        if (options.Tty && options.Rows > 0) _stdio.Resize(options.Rows, options.Cols);
        _log = new JsonFileLogger(options.LogPath);
        _outputDone = OutputPump.Start(_stdio, (type, data) =>
        {
            _log.Write(type == ShimFrames.Stderr ? "stderr" : "stdout", data.Span);
            Attached.Send(type, data.Span);
        });
        var reaper = new Thread(() => _exit.TrySetResult(ShimNative.WaitForExit(Pid)), 64 * 1024) { IsBackground = true, Name = "reaper" };
        reaper.Start();
    }

    /// <summary><c>runtime start</c>: the user's process runs.</summary>
    public string? Start()
    {
        lock (_verbs)
        {
            if (Started) return null;
            if (_runtime.Start(options.Id) is { } error) return error;
            Started = true;
            return null;
        }
    }

    public void WriteStdin(ReadOnlySpan<byte> data) => _stdio?.WriteStdin(data);
    public void CloseStdin() => _stdio?.CloseStdin();
    public void Resize(int rows, int cols) => _stdio?.Resize(rows, cols);

    /// <summary>After the container ended: drain output, record the status, end attach streams, delete the container.</summary>
    public async Task FinishAsync(int exitCode)
    {
        // Processes the container left behind (daemons it forked out of its PID namespace cannot exist, but a
        // pipe may be shared with an exec) must not keep the status from being written: bound the drain.
        await Task.WhenAny(_outputDone, Task.Delay(TimeSpan.FromSeconds(2)));
        _log?.Flush();
        // Attached clients first (docker run exits once its stream ends); the status file is for a wharfd that was
        // away, wharfd itself got the status from "wait" already.
        Attached.CloseAll(null);
        // wharfd deletes the bundle once an --rm container is removed, which may already have happened, or happen
        // between the temporary and its rename (then the temporary is gone: FileNotFound): nobody is left to read the
        // status. The runtime state must be deleted whatever became of the status.
        try { ExitStatusFile.Write(options.ExitFile, exitCode); }
        catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException) { }
        finally
        {
            _stdio?.Dispose();
            lock (_verbs) _runtime.Delete(options.Id);
            _log?.Dispose();
        }
    }
}
