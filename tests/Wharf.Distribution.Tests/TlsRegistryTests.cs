using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Wharf.Distribution.Client;
using Wharf.Images;

namespace Wharf.Distribution.Tests;

/// <summary>docker-registry over TLS with a CA made here: refused without the CA, trusted once the CA sits in
/// certs.d/HOST:PORT/ca.crt, as Docker's /etc/docker/certs.d works.</summary>
public sealed class TlsRegistryTests : IDisposable
{
    private readonly Scratch _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private (string CaPem, string Cert, string Key) MakeCertificates()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Wharf Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = request.Create(ca, ca.NotBefore, ca.NotAfter.AddMinutes(-1), [1, 2, 3, 4]);

        string caPem = _tmp.Sub("ca.crt"), cert = _tmp.Sub("server.crt"), key = _tmp.Sub("server.key");
        File.WriteAllText(caPem, ca.ExportCertificatePem());
        File.WriteAllText(cert, server.ExportCertificatePem());
        File.WriteAllText(key, serverKey.ExportPkcs8PrivateKeyPem());
        return (caPem, cert, key);
    }

    [SkippableFact]
    public async Task Custom_ca_in_certs_d_is_required_and_sufficient()
    {
        Skip.IfNot(DockerRegistry.Available && Environment.UserName == "root", "needs root and docker-registry");
        var (caPem, cert, key) = MakeCertificates();
        using var registry = new DockerRegistry(tls: (cert, key));
        string certsD = _tmp.Sub("certs.d");
        var store = LocalImageStore.Open(_tmp.Sub("data"));
        await store.ImportAsync(File.OpenRead(_tmp.BusyboxTar()), $"{registry.Host}/tls/bb:1", null, null, default);

        var untrusting = new RegistryOptions { LoopbackIsInsecure = false, CertsDirectories = [certsD], MaxRetries = 0 };
        using (var service = new ImageService(store, untrusting))
        {
            var error = await Assert.ThrowsAsync<RegistryException>(() => service.PushAsync($"{registry.Host}/tls/bb:1", null, _ => { }, default));
            Assert.Contains("SSL", error.Message, StringComparison.OrdinalIgnoreCase);
        }

        Directory.CreateDirectory(Path.Combine(certsD, registry.Host));
        File.Copy(caPem, Path.Combine(certsD, registry.Host, "ca.crt"));
        using (var service = new ImageService(store, untrusting))
        {
            await service.PushAsync($"{registry.Host}/tls/bb:1", null, _ => { }, default);
            var other = LocalImageStore.Open(_tmp.Sub("other"));
            using var puller = new ImageService(other, untrusting);
            var pulled = await puller.PullAsync($"{registry.Host}/tls/bb:1", null, null, _ => { }, default);
            Assert.Single(pulled.ChainIds);
        }
    }
}
