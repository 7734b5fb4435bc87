using System.Net;

namespace Wharf.Distribution.Client;

/// <summary>A registry said no (or kept failing). The message reads like Docker's, e.g.
/// "unauthorized: authentication required" or "received unexpected HTTP status: 500 Internal Server Error".</summary>
public sealed class RegistryException(string message, HttpStatusCode? status = null, string? code = null) : IOException(message)
{
    public HttpStatusCode? Status { get; } = status;

    /// <summary>The registry's error code (MANIFEST_UNKNOWN, UNAUTHORIZED, …) when it sent one.</summary>
    public string? Code { get; } = code;

    public bool IsNotFound => Status == HttpStatusCode.NotFound;
    public bool IsUnauthorized => Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
}
