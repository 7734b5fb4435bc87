namespace Wharf.Distribution.Server.Http;

/// <summary>
/// A failure the client should see as the spec's error body
/// <c>{"errors":[{"code","message","detail"}]}</c> with the given HTTP status.
/// </summary>
public sealed class RegistryException(int status, string code, string message, string? detail = null) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public string? Detail { get; } = detail;

    public static RegistryException BlobUnknown(string digest) => new(404, "BLOB_UNKNOWN", "blob unknown to registry", digest);
    public static RegistryException BlobUploadUnknown(string uuid) => new(404, "BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry", uuid);
    public static RegistryException BlobUploadInvalid(string why) => new(400, "BLOB_UPLOAD_INVALID", "blob upload invalid", why);
    public static RegistryException DigestInvalid(string why) => new(400, "DIGEST_INVALID", "provided digest did not match uploaded content", why);
    public static RegistryException ManifestBlobUnknown(string digest) => new(400, "MANIFEST_BLOB_UNKNOWN", "manifest references a manifest or blob unknown to registry", digest);
    public static RegistryException ManifestInvalid(string why) => new(400, "MANIFEST_INVALID", "manifest invalid", why);
    public static RegistryException ManifestUnknown(string reference) => new(404, "MANIFEST_UNKNOWN", "manifest unknown to registry", reference);
    public static RegistryException NameInvalid(string name) => new(400, "NAME_INVALID", "invalid repository name", name);
    public static RegistryException NameUnknown(string name) => new(404, "NAME_UNKNOWN", "repository name not known to registry", name);
    public static RegistryException SizeInvalid(string why, int status = 400) => new(status, "SIZE_INVALID", "provided length did not match content length", why);
    public static RegistryException TagInvalid(string tag) => new(400, "TAG_INVALID", "manifest tag did not match URI", tag);
    public static RegistryException Unsupported(string why, int status = 405) => new(status, "UNSUPPORTED", "the operation is unsupported", why);
    public static RegistryException Unauthorized(string why) => new(401, "UNAUTHORIZED", "authentication required", why);
    public static RegistryException Denied(string why) => new(403, "DENIED", "requested access to the resource is denied", why);
    public static RegistryException RangeInvalid(string why) => new(416, "BLOB_UPLOAD_INVALID", "content range invalid", why);
    public static RegistryException NotFound(string path) => new(404, "NOT_FOUND", "no such endpoint", path);
}
