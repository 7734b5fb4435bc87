using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Wharf.Compat.Tests;

/// <summary>Debian's docker-registry (distribution v2) on 127.0.0.1 with a free port and temp storage; disposed by PID.</summary>
public sealed class LocalRegistry : IDisposable
{
    public const string Binary = "/usr/bin/docker-registry";
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    public LocalRegistry()
    {
        Root = Directory.CreateTempSubdirectory("wreg-").FullName;
        Port = FreePort();
        string config = Path.Combine(Root, "config.yml");
        File.WriteAllText(config, $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {Path.Combine(Root, "storage")}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{Port}
            """);
        var psi = new ProcessStartInfo(Binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("serve");
        psi.ArgumentList.Add(config);
        _process = Process.Start(psi)!;
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        WaitUntilServing();
    }

    public string Root { get; }
    public int Port { get; }
    public string Host => $"127.0.0.1:{Port}";
    public string Log { get { lock (_log) return _log.ToString(); } }

    public static bool Available => File.Exists(Binary);

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private void WaitUntilServing()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"docker-registry exited with {_process.ExitCode}:\n{Log}");
            try
            {
                if (http.GetAsync($"http://{Host}/v2/").GetAwaiter().GetResult().StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            Thread.Sleep(100);
        }
        Dispose();
        throw new TimeoutException($"docker-registry did not answer /v2/:\n{Log}");
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) { _process.Kill(); _process.WaitForExit(10_000); }
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
