namespace Wharf.Engine.Errors;

/// <summary>Docker's error classes (errdefs); the API maps each to one HTTP status.</summary>
public enum ErrorKind
{
    InvalidParameter,   // 400
    NotFound,           // 404
    Conflict,           // 409
    NotModified,        // 304
    Forbidden,          // 403
    NotImplemented,     // 501
    Unavailable,        // 503
    System,             // 500
}
