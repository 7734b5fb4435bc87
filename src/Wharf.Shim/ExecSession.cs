using System.Net.Sockets;

namespace Wharf.Shim;

/// <summary>One <c>docker exec</c>: the runtime's exec, its stdio bridged to one daemon connection, and its exit code
/// sent as the last frame.</summary>
internal sealed class ExecSession(ContainerSupervisor container, string execId, bool tty, bool stdin, int rows, int cols)
{
    private ProcessStdio? _stdio;

    public ProcessStdio? Stdio => _stdio;

    public async Task RunAsync(Socket client, string processJson, Func<Socket, ExecSession, Task> pumpInput)
    {
        int exitCode;
        try
        {
            SpawnedProcess process;
            try { process = await container.Runtime.ExecAsync(container.Options.Id, execId, processJson, tty, stdin); }
            catch (RuntimeFailure e)
            {
                Send(client, ShimFrames.Make(ShimFrames.Error, System.Text.Encoding.UTF8.GetBytes(e.Message)));
                Send(client, ShimFrames.Int(ShimFrames.Exit, e.Message.Contains("not found") || e.Message.Contains("no such file") ? 127 : 126));
                return;
            }
            _stdio = process.Stdio;
            if (rows > 0) _stdio.Resize(rows, cols);
            Send(client, ShimFrames.Int(ShimFrames.Pid, process.Pid));
            var output = OutputPump.Start(_stdio, (type, data) => Send(client, ShimFrames.Make(type, data.Span)));
            if (stdin) _ = pumpInput(client, this);
            exitCode = await Task.Run(() => ShimNative.WaitForExit(process.Pid));
            await Task.WhenAny(output, Task.Delay(TimeSpan.FromSeconds(2)));
        }
        finally
        {
            _stdio?.Dispose();
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
