using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace Wharf.Shim;

/// <summary>The shim's unix socket for wharfd. Each connection sends one command line:
/// <c>start</c>, <c>wait</c>, <c>state</c>, <c>resize H W</c>, <c>attach STDIN STDOUT STDERR</c> (then a raw stream),
/// <c>exec ID TTY STDIN H W</c> + a JSON process line (then a raw stream), <c>exec-resize ID H W</c>.</summary>
internal sealed class ShimServer(ContainerSupervisor container, Socket listener)
{
    private readonly ConcurrentDictionary<string, ExecSession> _execs = new();

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket client;
            try { client = await listener.AcceptAsync(ct); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        bool keepOpen = false;
        try
        {
            var line = ReadLine(client);
            if (line is null) return;
            var words = line.Split(' ');
            switch (words[0])
            {
                case "start":
                    var startError = container.Start();
                    Reply(client, startError is not null ? "error " + startError : "ok " + container.Pid);
                    if (startError is null) HeapTrim.AfterStart(container.Exited);
                    break;
                case "state":
                    Reply(client, $"{(container.Exited.IsCompleted ? "stopped" : container.Started ? "running" : "created")} {container.Pid}");
                    break;
                case "wait":
                    Reply(client, "exit " + await container.Exited);
                    break;
                case "resize":
                    container.Resize(int.Parse(words[1]), int.Parse(words[2]));
                    Reply(client, "ok");
                    break;
                case "attach":
                    keepOpen = true;
                    Attach(client, words[1] == "1", words[2] == "1", words[3] == "1");
                    break;
                case "exec":
                    await ExecAsync(client, words);
                    break;
                case "exec-resize":
                    if (_execs.TryGetValue(words[1], out var session)) session.Stdio?.Resize(int.Parse(words[2]), int.Parse(words[3]));
                    Reply(client, "ok");
                    break;
                default:
                    Reply(client, "error unknown command " + words[0]);
                    break;
            }
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"wharf-shim: {e}");
            try { Reply(client, "error " + e.Message); } catch (SocketException) { }
        }
        finally
        {
            if (!keepOpen) client.Dispose();
        }
    }

    private void Attach(Socket client, bool stdin, bool stdout, bool stderr)
    {
        if (container.Exited.IsCompleted) { client.Dispose(); return; }
        container.Attached.Add(client, stdout, stderr);
        Reply(client, "ok");
        if (!stdin) return;
        var thread = new Thread(() =>
        {
            var buffer = BlockingBuffer.Allocate();
            try
            {
                int n;
                while ((n = client.Receive(buffer)) > 0) container.WriteStdin(buffer.AsSpan(0, n));
                if (container.Options.StdinOnce) container.CloseStdin();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException) { }
        }) { IsBackground = true, Name = "attach-stdin" };
        thread.Start();
    }

    private async Task ExecAsync(Socket client, string[] words)
    {
        string id = words[1];
        bool tty = words[2] == "1", stdin = words[3] == "1";
        int rows = int.Parse(words[4]), cols = int.Parse(words[5]);
        var processJson = ReadLine(client) ?? throw new IOException("exec: missing process line");
        var session = new ExecSession(container, id, tty, stdin, rows, cols);
        _execs[id] = session;
        try
        {
            await session.RunAsync(client, processJson, (c, s) => Task.Run(() =>
            {
                var buffer = BlockingBuffer.Allocate();
                try
                {
                    int n;
                    while ((n = c.Receive(buffer)) > 0) s.Stdio?.WriteStdin(buffer.AsSpan(0, n));
                    s.Stdio?.CloseStdin();
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException) { }
            }));
        }
        finally { _execs.TryRemove(id, out _); }
    }

    /// <summary>Reads one LF-terminated line byte by byte, so nothing after it (stdin data) is consumed.</summary>
    private static string? ReadLine(Socket client)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (client.Receive(one) == 0) return bytes.Count == 0 ? null : Encoding.UTF8.GetString(bytes.ToArray());
            if (one[0] == '\n') return Encoding.UTF8.GetString(bytes.ToArray());
            bytes.Add(one[0]);
            if (bytes.Count > 1 << 20) throw new IOException("command line too long");
        }
    }

    private static void Reply(Socket client, string text) => client.Send(Encoding.UTF8.GetBytes(text + "\n"));
}
