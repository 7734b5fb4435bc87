using Wharf.Api.Models;
using Wharf.Daemon.Http;
using Wharf.Engine.Errors;

namespace Wharf.Daemon.Api;

/// <summary>The predefined networks (bridge, host, none) until the networking issue brings real ones.</summary>
public sealed class NetworkRoutes
{
    private static readonly NetworkSummary[] Predefined =
    [
        new() { Name = "bridge", Id = "bridge", Driver = "bridge", Created = "0001-01-01T00:00:00Z" },
        new() { Name = "host", Id = "host", Driver = "host", Created = "0001-01-01T00:00:00Z" },
        new() { Name = "none", Id = "none", Driver = "null", Created = "0001-01-01T00:00:00Z" },
    ];

    public void Map(Router r)
    {
        r.Map("GET", "/networks", (q, s) => s.WriteJsonAsync(200, Predefined.ToList(), ApiJson.Wire.ListNetworkSummary));
        r.Map("GET", "/networks/{id}", (q, s) =>
        {
            var n = Predefined.FirstOrDefault(n => n.Name == q.Route("id") || n.Id == q.Route("id"))
                ?? throw new EngineException(ErrorKind.NotFound, $"network {q.Route("id")} not found");
            return s.WriteJsonAsync(200, n, ApiJson.Wire.NetworkSummary);
        });
    }
}
