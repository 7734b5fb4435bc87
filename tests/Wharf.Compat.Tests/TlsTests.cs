using Wharf.TestSupport;

namespace Wharf.Compat.Tests;

/// <summary>-H tcp:// only with mutual TLS: the docker CLI with a client certificate from our CA gets in, a client
/// without one is refused, and plain TCP is refused at start-up.</summary>
public sealed class TlsTests : IDisposable
{
    private readonly DirectoryInfo _certs = Directory.CreateTempSubdirectory("wtls-");

    private string P(string name) => Path.Combine(_certs.FullName, name);

    private void OpenSsl(params string[] args)
    {
        var r = ProcessRunner.Run("openssl", args);
        Assert.True(r.ExitCode == 0, r.ToString());
    }

    private void MakeCertificates()
    {
        OpenSsl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", P("ca-key.pem"), "-out", P("ca.pem"), "-days", "1", "-subj", "/CN=wharf-test-ca");
        File.WriteAllText(P("server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        File.WriteAllText(P("client.ext"), "extendedKeyUsage=clientAuth\n");
        foreach (var (who, cn) in new[] { ("server", "localhost"), ("client", "client") })
        {
            OpenSsl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", P(who + "-key.pem"), "-out", P(who + ".csr"), "-subj", "/CN=" + cn);
            OpenSsl("x509", "-req", "-in", P(who + ".csr"), "-CA", P("ca.pem"), "-CAkey", P("ca-key.pem"), "-CAcreateserial",
                "-out", P(who + "-cert.pem"), "-days", "1", "-extfile", P(who + ".ext"));
        }
        Directory.CreateDirectory(P("cli"));
        File.Copy(P("ca.pem"), P("cli/ca.pem"));
        File.Copy(P("client-cert.pem"), P("cli/cert.pem"));
        File.Copy(P("client-key.pem"), P("cli/key.pem"));
    }

    [SkippableFact]
    public void DockerCliOverMutualTls()
    {
        Skip.IfNot(WharfDaemon.Available, "needs root, the built wharfd and /usr/local/bin/docker");
        MakeCertificates();
        int port = LoopbackServer.PickFreePort();
        using var d = new WharfDaemon(null, "-H", $"tcp://127.0.0.1:{port}", "--tlsverify", "--tlscacert", P("ca.pem"),
            "--tlscert", P("server-cert.pem"), "--tlskey", P("server-key.pem"));
        var env = new Dictionary<string, string> { ["DOCKER_CERT_PATH"] = P("cli"), ["DOCKER_CONFIG"] = P("cli") };
        var ok = ProcessRunner.Run(WharfDaemon.DockerCli, ["--tlsverify", "-H", $"tcp://127.0.0.1:{port}", "version", "--format", "{{.Server.APIVersion}}"], env);
        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Equal("1.47\n", ok.Stdout);

        var noCert = ProcessRunner.Run("curl", ["-s", "-k", "--max-time", "10", $"https://127.0.0.1:{port}/_ping"]);
        Assert.NotEqual(0, noCert.ExitCode);
        Assert.DoesNotContain("OK", noCert.Stdout);
    }

    [SkippableFact]
    public void PlainTcpIsRefused()
    {
        Skip.IfNot(WharfDaemon.Available, "needs root, the built wharfd and /usr/local/bin/docker");
        var r = ProcessRunner.Run(RepoPaths.Binary("wharfd"), ["-H", $"tcp://127.0.0.1:{LoopbackServer.PickFreePort()}", "--data-root", P("d"), "--exec-root", P("e"), "--config-file", P("none.json")]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("without --tlsverify", r.Stderr);
    }

    public void Dispose() => _certs.Delete(true);
}
