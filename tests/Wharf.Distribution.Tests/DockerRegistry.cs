using System.Diagnostics;
using Wharf.TestSupport;

namespace Wharf.Distribution.Tests;

/// <summary>Debian's docker-registry (distribution 2.8) on 127.0.0.1 with a temp config and storage, optionally
/// with htpasswd basic auth; stopped by PID and its files deleted on dispose.</summary>
public sealed class DockerRegistry : IDisposable
{
    private readonly Process _process;
    public string Dir { get; }
    public int Port { get; }
    public string Host => $"127.0.0.1:{Port}";

    public static bool Available => File.Exists("/usr/bin/docker-registry");

    public DockerRegistry(string? user = null, string? password = null, (string Cert, string Key)? tls = null)
    {
        Dir = Directory.CreateTempSubdirectory("wharf-reg-").FullName;
        string auth = "";
        if (user is not null)
        {
            File.WriteAllText(Path.Combine(Dir, "htpasswd"), $"{user}:{BCrypt.Net.BCrypt.HashPassword(password, 5)}\n");
            auth = $"auth:\n  htpasswd:\n    realm: test-realm\n    path: {Dir}/htpasswd\n";
        }
        (_process, Port) = LoopbackServer.Start(port =>
        {
            File.WriteAllText(Path.Combine(Dir, "config.yml"),
                $"version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: {Dir}/data\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:{port}\n"
                + (tls is { } t ? $"  tls:\n    certificate: {t.Cert}\n    key: {t.Key}\n" : "") + auth);
            var psi = new ProcessStartInfo("/usr/bin/docker-registry", ["serve", Path.Combine(Dir, "config.yml")])
            { RedirectStandardError = true, RedirectStandardOutput = true };
            var process = Process.Start(psi)!;
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            return process;
        }, TimeSpan.FromSeconds(15));
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
        Directory.Delete(Dir, recursive: true);
    }
}
