using System.Diagnostics;
using System.Text;

namespace Wharf.Shim;

/// <summary>One container's life in the shim: runtime create, start on request, stdio and log, exit status.</summary>
internal sealed class ContainerSupervisor(ShimOptions options)
{
    private readonly RuntimeInvoker _runtime = new(options.Runtime, options.RuntimeRoot);
    private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private JsonFileLogger? _log;
    private ProcessStdio? _stdio;
    private Task _outputDone = Task.CompletedTask;

    public OutputFanout Attached { get; } = new();
    public int Pid { get; private set; }
    public Task<int> Exited => _exit.Task;
    public RuntimeInvoker Runtime => _runtime;
    public ShimOptions Options => options;
    public bool Started { get; private set; }

    /// <summary><c>runtime create</c>: the container exists, its init waits to be started. Throws with the runtime's error.</summary>
    public async Task CreateAsync()
    {
        string pidFile = Path.Combine(options.Bundle, "init.pid");
        var args = new List<string> { "create", "--bundle", options.Bundle, "--pid-file", pidFile };
        ConsoleReceiver? console = null;
        Task<int>? master = null;
        if (options.Tty)
        {
            console = new ConsoleReceiver();
            args.AddRange(["--console-socket", console.Path]);
            master = console.ReceiveAsync(CancellationToken.None);
        }
        args.Add(options.Id);
        using (console)
        {
            var p = _runtime.Start([.. args]);
            if (options.Tty)
            {
                p.StandardInput.Close();
                var errText = p.StandardError.ReadToEndAsync();
                _ = p.StandardOutput.ReadToEndAsync();
                await p.WaitForExitAsync();
                if (p.ExitCode != 0) throw new InvalidOperationException(RuntimeInvoker.CleanError(await errText));
                _stdio = ProcessStdio.FromPty(await master!.WaitAsync(TimeSpan.FromSeconds(10)));
                if (options.Rows > 0) _stdio.Resize(options.Rows, options.Cols);
            }
            else
            {
                await p.WaitForExitAsync();
                if (p.ExitCode != 0)
                {
                    // Nothing holds the pipes now, so what came out is the runtime's own error.
                    string err = await p.StandardError.ReadToEndAsync() + await p.StandardOutput.ReadToEndAsync();
                    throw new InvalidOperationException(RuntimeInvoker.CleanError(err));
                }
                _stdio = ProcessStdio.FromPipes(p, options.OpenStdin);
            }
        }
        Pid = int.Parse(File.ReadAllText(pidFile).Trim());
        _log = new JsonFileLogger(options.LogPath);
        _outputDone = OutputPump.Start(_stdio, (type, data) =>
        {
            _log.Write(type == ShimFrames.Stderr ? "stderr" : "stdout", data.Span);
            Attached.Send(type, data.Span);
        });
        var reaper = new Thread(() => _exit.TrySetResult(ShimNative.WaitForExit(Pid))) { IsBackground = true, Name = "reaper" };
        reaper.Start();
    }

    /// <summary><c>runtime start</c>: the user's process runs.</summary>
    public string? Start()
    {
        if (Started) return null;
        var (code, output) = _runtime.Run("start", options.Id);
        if (code != 0) return RuntimeInvoker.CleanError(output);
        Started = true;
        return null;
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
        ExitStatusFile.Write(options.ExitFile, exitCode);
        Attached.CloseAll(null);
        _stdio?.Dispose();
        _runtime.Run("delete", "--force", options.Id);
        _log?.Dispose();
    }
}
