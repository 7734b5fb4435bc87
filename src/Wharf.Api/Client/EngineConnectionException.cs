namespace Wharf.Api.Client;

/// <summary>The daemon could not be reached at all (no socket, refused, TLS failure).</summary>
public sealed class EngineConnectionException(string host, Exception inner)
    : Exception($"Cannot connect to the Docker daemon at {host}. Is the docker daemon running?", inner)
{
    public string Host { get; } = host;
}
