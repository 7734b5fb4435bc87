using Wharf.Api.Client.Http;

namespace Wharf.Api.Client;

/// <summary>What /_ping's headers tell a client about the daemon.</summary>
public sealed record PingResult(string? ApiVersion, string? OsType, bool Experimental, string? BuilderVersion, string? SwarmStatus)
{
    internal static PingResult From(EngineResponse response) => new(
        response.Header("Api-Version"),
        response.Header("Ostype"),
        response.Header("Docker-Experimental") == "true",
        response.Header("Builder-Version"),
        response.Header("Swarm"));
}
