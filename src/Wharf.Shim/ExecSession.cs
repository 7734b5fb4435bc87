using System.Net.Sockets;

namespace Wharf.Shim;

/// <summary>One <c>docker exec</c>: <c>runtime exec --detach</c>, its stdio bridged to one daemon connection, and its
/// exit code sent as the last frame.</summary>
internal sealed class ExecSession(ContainerSupervisor container, string execId, bool tty, bool stdin, int rows, int cols)
{
    private ProcessStdio? _stdio;

    public ProcessStdio? Stdio => _stdio;

    public async Task RunAsync(Socket client, string processJson, Func<Socket, ExecSession, Task> pumpInput)
    {
        string dir = Path.Combine(container.Options.Bundle, "exec");
        Directory.CreateDirectory(dir);
        string processFile = Path.Combine(dir, execId + ".json"), pidFile = Path.Combine(dir, execId + ".pid");
        await File.WriteAllTextAsync(processFile, processJson);
        var args = new List<string> { "exec", "--process", processFile, "--pid-file", pidFile, "--detach" };
        ConsoleReceiver? console = null;
        Task<int>? master = null;
        if (tty)
        {
            console = new ConsoleReceiver();
            args.AddRange(["--console-socket", console.Path]);
            master = console.ReceiveAsync(CancellationToken.None);
        }
        args.Add(container.Options.Id);
        int exitCode;
        try
        {
            using (console)
            {
                var p = container.Runtime.Start([.. args]);
                if (tty) { p.StandardInput.Close(); _ = p.StandardOutput.ReadToEndAsync(); }
                var errText = tty ? p.StandardError.ReadToEndAsync() : null;
                await p.WaitForExitAsync();
                if (p.ExitCode != 0)
                {
                    string err = tty ? await errText! : await p.StandardError.ReadToEndAsync() + await p.StandardOutput.ReadToEndAsync();
                    err = RuntimeInvoker.CleanError(err);
                    Send(client, ShimFrames.Make(ShimFrames.Error, System.Text.Encoding.UTF8.GetBytes(err)));
                    Send(client, ShimFrames.Int(ShimFrames.Exit, err.Contains("not found") || err.Contains("no such file") ? 127 : 126));
                    return;
                }
                _stdio = tty ? ProcessStdio.FromPty(await master!.WaitAsync(TimeSpan.FromSeconds(10))) : ProcessStdio.FromPipes(p, stdin);
            }
            if (rows > 0) _stdio.Resize(rows, cols);
            int pid = int.Parse(File.ReadAllText(pidFile).Trim());
            Send(client, ShimFrames.Int(ShimFrames.Pid, pid));
            var output = OutputPump.Start(_stdio, (type, data) => Send(client, ShimFrames.Make(type, data.Span)));
            if (stdin) _ = pumpInput(client, this);
            exitCode = await Task.Run(() => ShimNative.WaitForExit(pid));
            await Task.WhenAny(output, Task.Delay(TimeSpan.FromSeconds(2)));
        }
        finally
        {
            _stdio?.Dispose();
            File.Delete(processFile);
            File.Delete(pidFile);
        }
        Send(client, ShimFrames.Int(ShimFrames.Exit, exitCode));
    }

    private static readonly object SendLock = new();

    private static void Send(Socket client, byte[] frame)
    {
        lock (SendLock)
            try { client.Send(frame); } catch (SocketException) { } catch (ObjectDisposedException) { }
    }
}
