namespace Wharf.Api.Client;

/// <summary>The body of POST /containers/{id}/wait.</summary>
public sealed record WaitResult(int StatusCode, string? Error);
