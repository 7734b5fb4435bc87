namespace Wharf.Api.Client;

/// <summary>Query options of GET /containers/{id}/logs; times already in the API's "sec.nanos" form.</summary>
public sealed record LogsOptions
{
    public bool Follow { get; init; }
    public string? Since { get; init; }
    public string? Until { get; init; }
    public bool Timestamps { get; init; }
    public bool Details { get; init; }
    public string? Tail { get; init; }
}
