using System.Buffers.Binary;
using System.Net.Sockets;
using Wharf.Api.Models;
using Wharf.Daemon.Http;
using Wharf.Engine.Containers;
using Wharf.Engine.Errors;
using Wharf.Engine.Exec;
using Wharf.Engine.Shims;

namespace Wharf.Daemon.Api;

/// <summary>The hijacked routes: attach and exec start. After <c>101 UPGRADED</c> the client connection is a raw
/// pipe: client bytes go to the process's stdin (a half-close ends stdin), shim frames come back as stdcopy frames
/// (no TTY) or raw bytes (TTY), and the daemon closes its side when the process is done.</summary>
public sealed class StreamRoutes(ContainerService engine)
{
    public void Map(Router r)
    {
        r.Map("POST", "/containers/{id}/attach", AttachAsync);
        r.Map("POST", "/exec/{id}/start", ExecStartAsync);
        r.Map("POST", "/containers/{id}/exec", ExecCreateAsync);
        r.Map("GET", "/exec/{id}/json", (q, s) => s.WriteJsonAsync(200, Inspect(engine.GetExec(q.Route("id"))), ApiJson.Wire.ExecInspect));
        r.Map("POST", "/exec/{id}/resize", async (q, s) =>
        {
            var exec = engine.GetExec(q.Route("id"));
            await engine.ResizeExecAsync(exec, q.Query.Int("h") ?? 0, q.Query.Int("w") ?? 0);
            await s.WriteAsync(200, "text/plain; charset=utf-8", default);
        });
    }

    private string ContentType(HttpRequest q, bool tty) =>
        !tty && q.ApiVersion >= new Version(1, 42) ? "application/vnd.docker.multiplexed-stream" : "application/vnd.docker.raw-stream";

    private async Task AttachAsync(HttpRequest q, HttpResponse s)
    {
        var c = engine.Store.Get(q.Route("id"));
        bool stdin = q.Query.Bool("stdin"), stdout = q.Query.Bool("stdout"), stderr = q.Query.Bool("stderr");
        bool tty = c.Record.Config.Tty;
        if (!c.IsRunning && c.Record.HasBeenStarted && c.Record.State.Status == "exited" && !q.Query.Bool("stream"))
            throw EngineException.Conflict("You cannot attach to a stopped container, start it first");
        await s.HijackAsync(ContentType(q, tty), q.WantsUpgrade);
        Socket? shim = null;
        try
        {
            using var stop = new CancellationTokenSource();
            // A client that hangs up while we wait for the start must not leave the attach pending.
            shim = await engine.AttachAsync(c, stdin && c.Record.Config.OpenStdin, stdout, stderr, stop.Token);
            if (shim is null) return;
            await PipeAsync(q.Connection, shim, tty, stdin && c.Record.Config.OpenStdin, _ => { });
        }
        catch (Exception e) when (e is IOException or SocketException or EngineException or OperationCanceledException) { }
        finally { shim?.Dispose(); }
    }

    private async Task ExecCreateAsync(HttpRequest q, HttpResponse s)
    {
        var c = engine.Store.Get(q.Route("id"));
        var body = await RequestJson.ReadAsync(q, ApiJson.Wire.ExecCreateRequest) ?? throw EngineException.Invalid("No exec command specified");
        var exec = engine.CreateExec(c, body);
        await s.WriteJsonAsync(201, new IdResponse { Id = exec.Id }, ApiJson.Wire.IdResponse);
    }

    private async Task ExecStartAsync(HttpRequest q, HttpResponse s)
    {
        var exec = engine.GetExec(q.Route("id"));
        var body = await RequestJson.ReadAsync(q, ApiJson.Wire.ExecStartRequest) ?? new ExecStartRequest();
        int rows = body.ConsoleSize is [int h, _] ? h : exec.Config.ConsoleSize is [int h2, _] ? h2 : 0;
        int cols = body.ConsoleSize is [_, int w] ? w : exec.Config.ConsoleSize is [_, int w2] ? w2 : 0;
        bool tty = exec.Config.Tty;
        var shim = await engine.StartExecAsync(exec, rows, cols, CancellationToken.None);
        if (body.Detach)
        {
            _ = Task.Run(async () =>
            {
                using (shim) await DrainExecAsync(shim, exec);
            });
            await s.WriteAsync(200, "application/json", default);
            return;
        }
        await s.HijackAsync(ContentType(q, tty), q.WantsUpgrade);
        int exitCode = -1;
        try
        {
            // Record the exit before the stream closes: the CLI inspects the exec as soon as it sees EOF.
            await PipeAsync(q.Connection, shim, tty, exec.Config.AttachStdin,
                code => { exitCode = code; engine.ExecFinished(exec, code); }, pid => exec.Pid = pid);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException) { }
        finally
        {
            shim.Dispose();
            if (exec.Running) engine.ExecFinished(exec, exitCode);
        }
    }

    private async Task DrainExecAsync(Socket shim, ExecRecord exec)
    {
        int code = -1;
        await foreach (var (type, payload) in ShimFrameReader.ReadAsync(shim, CancellationToken.None))
        {
            if (type == ShimFrameReader.Exit) code = BinaryPrimitives.ReadInt32BigEndian(payload);
            else if (type == ShimFrameReader.Pid) exec.Pid = BinaryPrimitives.ReadInt32BigEndian(payload);
        }
        engine.ExecFinished(exec, code);
    }

    private static ExecInspect Inspect(ExecRecord e) => new()
    {
        ID = e.Id, ContainerID = e.ContainerId, Running = e.Running, ExitCode = e.ExitCode, Pid = e.Pid,
        OpenStdin = e.Config.AttachStdin, OpenStdout = e.Config.AttachStdout, OpenStderr = e.Config.AttachStderr,
        ProcessConfig = new ExecProcessConfig
        {
            Tty = e.Config.Tty, Privileged = e.Config.Privileged, User = e.Config.User,
            Entrypoint = e.Config.Cmd is [var first, ..] ? first : "", Arguments = e.Config.Cmd?.Skip(1).ToList() ?? [],
        },
    };

    /// <summary>Copies client → shim (stdin, with half-close) and shim frames → client until the shim ends the
    /// stream; then half-closes towards the client so it sees the end.</summary>
    private static async Task PipeAsync(BufferedConnection client, Socket shim, bool tty, bool stdin, Action<int> onExit, Action<int>? onPid = null)
    {
        using var cts = new CancellationTokenSource();
        Task input = Task.CompletedTask;
        if (stdin)
            input = Task.Run(async () =>
            {
                var buffer = new byte[32 * 1024];
                try
                {
                    int n;
                    while ((n = await client.ReadAsync(buffer, cts.Token)) > 0) await shim.SendAsync(buffer.AsMemory(0, n), cts.Token);
                    shim.Shutdown(SocketShutdown.Send); // the client's half-close becomes stdin EOF
                }
                catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException) { }
            });
        await foreach (var (type, payload) in ShimFrameReader.ReadAsync(shim, CancellationToken.None))
        {
            switch (type)
            {
                case ShimFrameReader.Stdout or ShimFrameReader.Stderr:
                    await client.Stream.WriteAsync(tty ? payload : StdcopyFrame.Make(type, payload));
                    await client.Stream.FlushAsync();
                    break;
                case ShimFrameReader.Error:
                    await client.Stream.WriteAsync(tty ? payload : StdcopyFrame.Make(ShimFrameReader.Stderr, payload));
                    break;
                case ShimFrameReader.Exit: onExit(BinaryPrimitives.ReadInt32BigEndian(payload)); break;
                case ShimFrameReader.Pid: onPid?.Invoke(BinaryPrimitives.ReadInt32BigEndian(payload)); break;
            }
        }
        await client.Stream.FlushAsync();
        client.ShutdownSend();
        cts.Cancel();
    }
}
