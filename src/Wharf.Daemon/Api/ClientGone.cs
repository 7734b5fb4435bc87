using Wharf.Daemon.Http;

namespace Wharf.Daemon.Api;

/// <summary>Notices a client that hung up during a long response (wait, events, logs -f): with HTTP/1.1 and no
/// pipelining nothing else arrives on the connection, so a read that returns is the client leaving.</summary>
public sealed class ClientGone : IDisposable
{
    private readonly CancellationTokenSource _cts = new();

    public CancellationToken Token => _cts.Token;

    /// <summary>Starts watching; the connection is not reused afterwards, since the watcher owns its read side.</summary>
    public static ClientGone Watch(HttpRequest request, HttpResponse response)
    {
        response.KeepAlive = false;
        var g = new ClientGone();
        _ = Task.Run(async () =>
        {
            try
            {
                await request.Body.DrainAsync(g._cts.Token);
                var one = new byte[1];
                await request.Connection.ReadAsync(one, g._cts.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException) { }
            try { g._cts.Cancel(); } catch (ObjectDisposedException) { }
        });
        return g;
    }

    public void Dispose()
    {
        try { _cts.Cancel(); } catch (ObjectDisposedException) { }
    }
}
