using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Wharf.Distribution.Server.Auth;

/// <summary>
/// The key bearer tokens are checked (and, for the built-in issuer, signed) with: an EC P-256 key (ES256)
/// or an RSA key (RS256), from a PEM public key, private key or certificate.
/// </summary>
public sealed class TokenKey
{
    private readonly ECDsa? _ec;
    private readonly RSA? _rsa;

    private TokenKey(ECDsa? ec, RSA? rsa, bool canSign) { _ec = ec; _rsa = rsa; CanSign = canSign; }

    public bool CanSign { get; }
    public string Algorithm => _ec is not null ? "ES256" : "RS256";

    public static TokenKey Load(string path) => FromPem(File.ReadAllText(path), path);

    public static TokenKey FromPem(string pem, string origin = "PEM")
    {
        if (pem.Contains("BEGIN CERTIFICATE", StringComparison.Ordinal))
        {
            using var cert = X509Certificate2.CreateFromPem(pem);
            if (cert.GetECDsaPublicKey() is { } ecPublic) return new TokenKey(ecPublic, null, false);
            if (cert.GetRSAPublicKey() is { } rsaPublic) return new TokenKey(null, rsaPublic, false);
            throw new FormatException($"{origin}: certificate has neither an EC nor an RSA key");
        }
        bool isPrivate = pem.Contains("PRIVATE KEY", StringComparison.Ordinal);
        var ec = ECDsa.Create();
        try { ec.ImportFromPem(pem); return new TokenKey(ec, null, isPrivate); }
        catch (ArgumentException) { ec.Dispose(); }
        catch (CryptographicException) { ec.Dispose(); }
        var rsa = RSA.Create();
        try { rsa.ImportFromPem(pem); return new TokenKey(null, rsa, isPrivate); }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
            throw new FormatException($"{origin}: not an EC or RSA key in PEM form", e);
        }
    }

    public byte[] Sign(byte[] data)
    {
        if (!CanSign) throw new InvalidOperationException("this token key is public only and cannot sign");
        return _ec is not null
            ? _ec.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
            : _rsa!.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    public bool Verify(string algorithm, byte[] data, byte[] signature) => algorithm switch
    {
        "ES256" when _ec is not null => _ec.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
        "RS256" when _rsa is not null => _rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        _ => false,
    };
}
