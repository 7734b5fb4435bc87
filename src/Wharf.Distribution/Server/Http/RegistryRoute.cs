namespace Wharf.Distribution.Server.Http;

public enum RouteKind { Base, Catalog, Tags, Manifest, Blob, Upload, UploadStart, Referrers }

/// <summary>
/// One request path of the Distribution API, split into the repository name and what follows it.
/// Names hold slashes, so the endpoint is found from the right: the last "/manifests/", "/blobs/" …
/// </summary>
public readonly record struct RegistryRoute(RouteKind Kind, string Name, string Reference)
{
    public static RegistryRoute? Parse(string path)
    {
        if (path is "/v2" or "/v2/") return new(RouteKind.Base, "", "");
        if (!path.StartsWith("/v2/", StringComparison.Ordinal)) return null;
        var rest = path[4..];
        if (rest is "_catalog") return new(RouteKind.Catalog, "", "");
        if (rest.EndsWith("/tags/list", StringComparison.Ordinal)) return Checked(RouteKind.Tags, rest[..^"/tags/list".Length], "");
        if (rest.EndsWith("/blobs/uploads/", StringComparison.Ordinal)) return Checked(RouteKind.UploadStart, rest[..^"/blobs/uploads/".Length], "");
        if (rest.EndsWith("/blobs/uploads", StringComparison.Ordinal)) return Checked(RouteKind.UploadStart, rest[..^"/blobs/uploads".Length], "");
        return Split(rest, "/blobs/uploads/", RouteKind.Upload)
            ?? Split(rest, "/manifests/", RouteKind.Manifest)
            ?? Split(rest, "/blobs/", RouteKind.Blob)
            ?? Split(rest, "/referrers/", RouteKind.Referrers);
    }

    private static RegistryRoute? Split(string rest, string marker, RouteKind kind)
    {
        int at = rest.LastIndexOf(marker, StringComparison.Ordinal);
        if (at <= 0) return null;
        var reference = rest[(at + marker.Length)..];
        if (reference.Length == 0 || reference.Contains('/')) return null;
        return Checked(kind, rest[..at], reference);
    }

    private static RegistryRoute Checked(RouteKind kind, string name, string reference) =>
        RepositoryNames.IsValidName(name) ? new(kind, name, reference) : throw RegistryException.NameInvalid(name);
}
