using System.Net.Sockets;
using Wharf.Engine.Errors;

namespace Wharf.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>Opens an attach stream on the container's shim. For a container that has not started yet, the stream
    /// opens right before start, so no output is missed (docker run attaches first, then starts).</summary>
    public async Task<Socket?> AttachAsync(Container c, bool stdin, bool stdout, bool stderr, CancellationToken ct)
    {
        string cmd = $"attach {(stdin ? 1 : 0)} {(stdout ? 1 : 0)} {(stderr ? 1 : 0)}";
        if (c.Record.State.Running)
            return await OpenAttachAsync(c, cmd, ct);
        var ready = new TaskCompletionSource<Socket?>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (c.PendingAttaches)
            c.PendingAttaches.Add(async () =>
            {
                try { ready.TrySetResult(await OpenAttachAsync(c, cmd, CancellationToken.None)); }
                catch (Exception e) { ready.TrySetException(e); }
            });
        using (ct.Register(() => ready.TrySetCanceled()))
        {
            var removed = c.Removed.Task;
            var done = await Task.WhenAny(ready.Task, removed);
            return done == removed ? null : await ready.Task;
        }
    }

    private async Task<Socket> OpenAttachAsync(Container c, string cmd, CancellationToken ct)
    {
        var s = await Shim(c).OpenStreamAsync(cmd, ct);
        var reply = await Shims.ShimClient.ReadLineAsync(s, ct);
        if (reply != "ok") { s.Dispose(); throw EngineException.Conflict($"container {c.Id} is not running"); }
        Emit(c, "attach");
        return s;
    }

    public async Task ResizeAsync(Container c, int rows, int cols)
    {
        if (!c.Record.State.Running) throw EngineException.Conflict($"Container {c.Id} is not running");
        await Shim(c).CallAsync($"resize {rows} {cols}");
    }
}
