using System.Net.Sockets;

namespace Wharf.Shim;

/// <summary>
/// A spare shim (started before wharfd has a container for it, see BundleGate) starts what every shim needs right
/// after create while nobody waits for it: the socket engine's epoll thread and a thread-pool worker. Otherwise the
/// socket server starts them on the way to the ready line and to the first attach.
/// </summary>
internal static class SpareWarmUp
{
    public static void Run()
    {
        // An abstract address: no file to clean up, unique per process.
        var address = new UnixDomainSocketEndPoint("\0wharf-shim-warm-up-" + Environment.ProcessId);
        try
        {
            using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(address);
            listener.Listen(1);
            var accepting = listener.AcceptAsync(); // pending: registered with the epoll thread
            using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            client.Connect(address);
            using var accepted = accepting.Wait(TimeSpan.FromSeconds(5)) ? accepting.Result : null;
            Task.Run(() => { }).Wait(TimeSpan.FromSeconds(5)); // a pool worker
        }
        catch (SocketException) { } // only a head start: the shim works without it
    }
}
