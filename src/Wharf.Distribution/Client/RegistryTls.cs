using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Wharf.Distribution.Client;

/// <summary>TLS for one registry host, Docker's way: extra CAs from <c>certs.d/HOST/*.crt</c>, a client certificate
/// from <c>*.cert</c> + <c>*.key</c>, and no verification at all for insecure registries.</summary>
internal static class RegistryTls
{
    public static SslClientAuthenticationOptions For(string host, RegistryOptions options, bool insecure)
    {
        var ssl = new SslClientAuthenticationOptions();
        var roots = new X509Certificate2Collection();
        var clientCerts = new X509CertificateCollection();
        foreach (var baseDir in options.CertsDirectories)
        {
            string dir = Path.Combine(baseDir, host); // "host:port", as Docker names these folders
            if (!Directory.Exists(dir)) continue;
            foreach (var crt in Directory.EnumerateFiles(dir, "*.crt")) roots.ImportFromPemFile(crt);
            foreach (var cert in Directory.EnumerateFiles(dir, "*.cert"))
            {
                string key = Path.ChangeExtension(cert, ".key");
                if (!File.Exists(key)) throw new IOException($"missing key {key} for client certificate {cert}");
                clientCerts.Add(X509Certificate2.CreateFromPemFile(cert, key));
            }
        }
        if (clientCerts.Count > 0) ssl.ClientCertificates = clientCerts;
        ssl.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
        {
            if (insecure || errors == SslPolicyErrors.None) return true;
            if (roots.Count == 0 || certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0) return false;
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.AddRange(roots);
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (chain is not null) custom.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
            return custom.Build(new X509Certificate2(certificate));
        };
        return ssl;
    }
}
