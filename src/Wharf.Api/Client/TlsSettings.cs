namespace Wharf.Api.Client;

/// <summary>TLS material for a TCP daemon, with docker's meaning: a CA to trust, a client certificate, and whether to verify the server.</summary>
public sealed record TlsSettings
{
    public string? CaFile { get; init; }
    public string? CertFile { get; init; }
    public string? KeyFile { get; init; }

    /// <summary>Verify the daemon's certificate against <see cref="CaFile"/> (docker's <c>--tlsverify</c>).</summary>
    public bool Verify { get; init; }
}
