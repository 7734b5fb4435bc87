using System.Diagnostics;
using System.Net;
using System.Text;
using Wharf.TestSupport;

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
        string config = Path.Combine(Root, "config.yml");
        (_process, Port) = LoopbackServer.Start(port =>
        {
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
                  addr: 127.0.0.1:{port}
                """);
            var psi = new ProcessStartInfo(Binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            psi.ArgumentList.Add("serve");
            psi.ArgumentList.Add(config);
            var process = Process.Start(psi)!;
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            return process;
        }, TimeSpan.FromSeconds(20));
        WaitUntilServing();
    }

    public string Root { get; }
    public int Port { get; }
    public string Host => $"127.0.0.1:{Port}";
    public string Log { get { lock (_log) return _log.ToString(); } }

    public static bool Available => File.Exists(Binary);

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
