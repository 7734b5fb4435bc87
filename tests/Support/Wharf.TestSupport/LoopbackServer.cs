using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Wharf.TestSupport;

/// <summary>
/// Starts a server program that can only be told a port number (docker-registry, say) on a free loopback port.
/// A port found free can be taken by someone else before the server binds it, and then a probe that merely
/// connects would reach the wrong server; so readiness here means "this process holds a listening socket on
/// that port", read from /proc, and a server that could not bind is started again on another port.
/// </summary>
public static class LoopbackServer
{
    public static (Process Process, int Port) Start(Func<int, Process> start, TimeSpan timeout, int attempts = 5)
    {
        string failures = "";
        for (int attempt = 0; attempt < attempts; attempt++)
        {
            int port = PickFreePort();
            var process = start(port);
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline && !process.HasExited)
            {
                if (IsListening(process.Id, port)) return (process, port);
                Thread.Sleep(20);
            }
            if (!process.HasExited)
            {
                try { process.Kill(); process.WaitForExit(10_000); } catch (InvalidOperationException) { }
                process.Dispose();
                throw new TimeoutException($"server did not listen on 127.0.0.1:{port} within {timeout.TotalSeconds} s");
            }
            failures += $" port {port}: exit {process.ExitCode};";
            process.Dispose();
        }
        throw new InvalidOperationException($"server could not start after {attempts} attempts:{failures}");
    }

    public static int PickFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>True when process <paramref name="pid"/> has a socket listening on 127.0.0.1:port or any address.</summary>
    public static bool IsListening(int pid, int port)
    {
        var inodes = ListeningInodes(port);
        if (inodes.Count == 0) return false;
        try
        {
            foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
            {
                var target = new FileInfo(fd).LinkTarget;
                if (target is not null && target.StartsWith("socket:[") && inodes.Contains(target[8..^1])) return true;
            }
        }
        catch (IOException) { }             // the process exited while we looked
        catch (UnauthorizedAccessException) { }
        return false;
    }

    // /proc/net/tcp{,6}: "sl local_address rem_address st … inode", addresses as hex "ADDR:PORT", st 0A = LISTEN.
    private static HashSet<string> ListeningInodes(int port)
    {
        var inodes = new HashSet<string>();
        string hexPort = port.ToString("X4", CultureInfo.InvariantCulture);
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table)) continue;
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length > 9 && f[3] == "0A" && f[1].EndsWith(":" + hexPort)) inodes.Add(f[9]);
            }
        }
        return inodes;
    }
}
