namespace Wharf.Shim;

/// <summary>A runc-shaped runtime binary (runc, crun, a daemon.json runtime), one process per verb. The container's
/// stdio are the runtime process's pipes, which its init inherits; a pty master comes over the console socket.</summary>
internal sealed class ExternalRuntime(string runtime, string root, string bundle) : IRuntimeDriver
{
    private readonly RuntimeInvoker _invoker = new(runtime, root);

    public Task<SpawnedProcess> CreateAsync(ShimOptions options) =>
        SpawnAsync(["create", "--bundle", options.Bundle], Path.Combine(options.Bundle, "init.pid"), options.Id, options.Tty, options.OpenStdin);

    public string? Start(string id)
    {
        var (code, output) = _invoker.Run("start", id);
        return code == 0 ? null : RuntimeInvoker.CleanError(output);
    }

    public void Delete(string id) => _invoker.Run("delete", "--force", id);

    public async Task<SpawnedProcess> ExecAsync(string id, string execId, string processJson, bool tty, bool keepStdin)
    {
        string dir = Path.Combine(bundle, "exec");
        Directory.CreateDirectory(dir);
        string processFile = Path.Combine(dir, execId + ".json"), pidFile = Path.Combine(dir, execId + ".pid");
        await File.WriteAllTextAsync(processFile, processJson);
        try { return await SpawnAsync(["exec", "--process", processFile, "--detach"], pidFile, id, tty, keepStdin); }
        finally
        {
            File.Delete(processFile);
            File.Delete(pidFile);
        }
    }

    private async Task<SpawnedProcess> SpawnAsync(List<string> args, string pidFile, string id, bool tty, bool keepStdin)
    {
        args.AddRange(["--pid-file", pidFile]);
        using var console = tty ? new ConsoleReceiver() : null;
        Task<int>? master = console?.ReceiveAsync(CancellationToken.None);
        if (console is not null) args.AddRange(["--console-socket", console.Path]);
        args.Add(id);
        var p = _invoker.Start([.. args]);
        ProcessStdio stdio;
        if (tty)
        {
            p.StandardInput.Close();
            var errText = p.StandardError.ReadToEndAsync();
            _ = p.StandardOutput.ReadToEndAsync();
            await p.WaitForExitAsync();
            if (p.ExitCode != 0) throw new RuntimeFailure(RuntimeInvoker.CleanError(await errText));
            stdio = ProcessStdio.FromPty(await master!.WaitAsync(TimeSpan.FromSeconds(10)));
        }
        else
        {
            await p.WaitForExitAsync();
            if (p.ExitCode != 0)
            {
                // Nothing holds the pipes now, so what came out is the runtime's own error.
                string err = await p.StandardError.ReadToEndAsync() + await p.StandardOutput.ReadToEndAsync();
                throw new RuntimeFailure(RuntimeInvoker.CleanError(err));
            }
            stdio = ProcessStdio.FromPipes(p, keepStdin);
        }
        return new SpawnedProcess(int.Parse(File.ReadAllText(pidFile).Trim()), stdio);
    }
}
