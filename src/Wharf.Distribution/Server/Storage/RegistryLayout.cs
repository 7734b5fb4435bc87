using Wharf.Oci;

namespace Wharf.Distribution.Server.Storage;

/// <summary>
/// Every storage key the registry uses is computed here. The layout, relative to the storage root:
/// <code>
/// blobs/&lt;alg&gt;/&lt;hex[0..2]&gt;/&lt;hex&gt;/data                  content, stored once for all repositories (layers, configs, manifests)
/// repositories/&lt;name&gt;/_layers/&lt;alg&gt;/&lt;hex&gt;/link          this repository may serve that blob (empty file; the path is the digest)
/// repositories/&lt;name&gt;/_manifests/revisions/&lt;alg&gt;/&lt;hex&gt;/link   a manifest of this repository; holds its media type as pushed
/// repositories/&lt;name&gt;/_manifests/tags/&lt;tag&gt;/link       the tag index: one entry per tag, holds the manifest digest
/// repositories/&lt;name&gt;/_referrers/&lt;alg&gt;/&lt;subject hex&gt;/&lt;alg&gt;-&lt;hex&gt;   the referrers index: a descriptor (JSON) of a manifest whose subject is that digest
/// repositories/&lt;name&gt;/_uploads/&lt;uuid&gt;/data             bytes of an upload in progress (appended by PATCH); its
///                                                          existence is the upload, its mtime tells gc when it went idle
/// catalog/repositories                                     the catalog index: sorted repository names, one a line
/// </code>
/// A blob becomes visible at its final key only by rename from an upload's data, after its digest was
/// checked, so no partial blob is ever readable. A repository reads a blob only through its own link.
/// </summary>
public static class RegistryLayout
{
    public const string RepositoriesRoot = "repositories";
    public const string BlobsRoot = "blobs";
    public const string CatalogIndex = "catalog/repositories";

    public static string BlobData(Digest d) => $"{BlobsRoot}/{d.Algorithm}/{d.Hex[..2]}/{d.Hex}/data";
    public static string BlobDirectory(Digest d) => $"{BlobsRoot}/{d.Algorithm}/{d.Hex[..2]}/{d.Hex}";

    public static string Repository(string name) => $"{RepositoriesRoot}/{name}";
    public static string LayerLink(string name, Digest d) => $"{RepositoriesRoot}/{name}/_layers/{d.Algorithm}/{d.Hex}/link";
    public static string LayerLinkDirectory(string name, Digest d) => $"{RepositoriesRoot}/{name}/_layers/{d.Algorithm}/{d.Hex}";
    public static string LayerLinks(string name) => $"{RepositoriesRoot}/{name}/_layers";
    public static string ManifestLink(string name, Digest d) => $"{RepositoriesRoot}/{name}/_manifests/revisions/{d.Algorithm}/{d.Hex}/link";
    public static string ManifestRevision(string name, Digest d) => $"{RepositoriesRoot}/{name}/_manifests/revisions/{d.Algorithm}/{d.Hex}";
    public static string ManifestRevisions(string name) => $"{RepositoriesRoot}/{name}/_manifests/revisions";
    public static string Tags(string name) => $"{RepositoriesRoot}/{name}/_manifests/tags";
    public static string Tag(string name, string tag) => $"{RepositoriesRoot}/{name}/_manifests/tags/{tag}";
    public static string TagLink(string name, string tag) => $"{RepositoriesRoot}/{name}/_manifests/tags/{tag}/link";
    public static string Referrers(string name, Digest subject) => $"{RepositoriesRoot}/{name}/_referrers/{subject.Algorithm}/{subject.Hex}";
    public static string Referrer(string name, Digest subject, Digest referrer) => $"{Referrers(name, subject)}/{referrer.Algorithm}-{referrer.Hex}";
    public static string Uploads(string name) => $"{RepositoriesRoot}/{name}/_uploads";
    public static string Upload(string name, string uuid) => $"{RepositoriesRoot}/{name}/_uploads/{uuid}";
    public static string UploadData(string name, string uuid) => $"{RepositoriesRoot}/{name}/_uploads/{uuid}/data";
}
