using System.Text;
using System.Text.Json;
using Wharf.Distribution.Server.Http;
using Wharf.Distribution.Server.Storage;
using Wharf.Oci;
using Wharf.Oci.Image;

namespace Wharf.Distribution.Server.Content;

/// <summary>A manifest as served: its bytes, media type as pushed, and digest.</summary>
public sealed record StoredManifest(byte[] Bytes, string MediaType, Digest Digest);

/// <summary>
/// Manifests of a repository: stored byte-exact as blobs, listed by revision links that keep the media
/// type as pushed, named by tags (the tag index), and indexed by subject for the referrers API.
/// </summary>
public sealed class ManifestStore(IRegistryStorage storage, BlobStore blobs, RepositoryCatalog catalog)
{
    /// <summary>Accepts a manifest after checking everything it references is in the repository.</summary>
    public async ValueTask<(Digest Digest, Descriptor? Subject)> PutAsync(string repository, string reference, string? contentType, byte[] body, CancellationToken ct)
    {
        bool byDigest = Digest.TryParse(reference, out var named);
        var digest = byDigest && named.Algorithm == "sha512"
            ? Digest.Parse("sha512:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA512.HashData(body)))
            : Digest.Sha256(body);
        if (byDigest && named != digest) throw RegistryException.DigestInvalid($"manifest digest is {digest}, not {named}");
        if (!byDigest && !RepositoryNames.IsValidTag(reference)) throw RegistryException.TagInvalid(reference);

        var facts = ManifestInspector.Inspect(body, contentType);
        foreach (var blob in facts.Blobs)
            if (!await blobs.IsLinkedAsync(repository, blob, ct) || !await blobs.ExistsAsync(blob, ct))
                throw RegistryException.ManifestBlobUnknown(blob.ToString());
        foreach (var child in facts.Manifests)
            if (await storage.StatAsync(RegistryLayout.ManifestLink(repository, child), ct) is null)
                throw RegistryException.ManifestBlobUnknown(child.ToString());

        await blobs.PutSmallAsync(digest, body, ct);
        await blobs.LinkAsync(repository, digest, ct);
        await storage.PutContentAsync(RegistryLayout.ManifestLink(repository, digest), Encoding.UTF8.GetBytes(facts.MediaType), ct);
        if (facts.Subject is { } subject && Digest.TryParse(subject.Digest, out var subjectDigest))
        {
            var entry = new Descriptor
            {
                MediaType = facts.MediaType, Digest = digest.ToString(), Size = body.LongLength,
                ArtifactType = facts.ArtifactType, Annotations = facts.Annotations,
            };
            await storage.PutContentAsync(RegistryLayout.Referrer(repository, subjectDigest, digest), JsonSerializer.SerializeToUtf8Bytes(entry, OciJson.Default.Descriptor), ct);
        }
        if (!byDigest) await storage.PutContentAsync(RegistryLayout.TagLink(repository, reference), Encoding.UTF8.GetBytes(digest.ToString()), ct);
        await catalog.AddAsync(repository, ct);
        return (digest, facts.Subject);
    }

    public async ValueTask<StoredManifest> GetAsync(string repository, string reference, CancellationToken ct)
    {
        var digest = await ResolveAsync(repository, reference, ct);
        var link = await storage.GetContentAsync(RegistryLayout.ManifestLink(repository, digest), ct)
            ?? throw RegistryException.ManifestUnknown(reference);
        byte[] bytes;
        try { bytes = await blobs.ReadSmallAsync(digest, ct); }
        catch (RegistryException) { throw RegistryException.ManifestUnknown(reference); }
        return new StoredManifest(bytes, Encoding.UTF8.GetString(link), digest);
    }

    /// <summary>Deleting a tag removes the tag only; deleting a digest removes the manifest, its tags and its referrer entry.</summary>
    public async ValueTask DeleteAsync(string repository, string reference, CancellationToken ct)
    {
        if (!Digest.TryParse(reference, out var digest))
        {
            if (!RepositoryNames.IsValidTag(reference)) throw RegistryException.TagInvalid(reference);
            if (await storage.StatAsync(RegistryLayout.TagLink(repository, reference), ct) is null) throw RegistryException.ManifestUnknown(reference);
            await storage.DeleteAsync(RegistryLayout.Tag(repository, reference), ct);
            return;
        }
        var manifest = await GetAsync(repository, reference, ct);
        await foreach (var tag in storage.ListAsync(RegistryLayout.Tags(repository), ct))
            if (await TagTargetAsync(repository, tag, ct) == digest) await storage.DeleteAsync(RegistryLayout.Tag(repository, tag), ct);
        try
        {
            if (ManifestInspector.Inspect(manifest.Bytes, manifest.MediaType).Subject is { } s && Digest.TryParse(s.Digest, out var subject))
                await storage.DeleteAsync(RegistryLayout.Referrer(repository, subject, digest), ct);
        }
        catch (RegistryException) { /* stored before validation rules changed: nothing indexed */ }
        await storage.DeleteAsync(RegistryLayout.ManifestRevision(repository, digest), ct);
    }

    public async ValueTask<Digest> ResolveAsync(string repository, string reference, CancellationToken ct)
    {
        if (Digest.TryParse(reference, out var digest)) return digest;
        if (!RepositoryNames.IsValidTag(reference)) throw RegistryException.TagInvalid(reference);
        return await TagTargetAsync(repository, reference, ct) ?? throw RegistryException.ManifestUnknown(reference);
    }

    private async ValueTask<Digest?> TagTargetAsync(string repository, string tag, CancellationToken ct) =>
        await storage.GetContentAsync(RegistryLayout.TagLink(repository, tag), ct) is { } bytes && Digest.TryParse(Encoding.UTF8.GetString(bytes), out var d) ? d : null;

    public async ValueTask<List<string>> TagsAsync(string repository, CancellationToken ct)
    {
        var tags = new List<string>();
        await foreach (var tag in storage.ListAsync(RegistryLayout.Tags(repository), ct))
            if (RepositoryNames.IsValidTag(tag)) tags.Add(tag);
        tags.Sort(StringComparer.Ordinal);
        return tags;
    }

    /// <summary>Descriptors of the manifests whose subject is <paramref name="subject"/>, optionally of one artifact type.</summary>
    public async ValueTask<List<Descriptor>> ReferrersAsync(string repository, Digest subject, string? artifactType, CancellationToken ct)
    {
        var result = new List<Descriptor>();
        await foreach (var name in storage.ListAsync(RegistryLayout.Referrers(repository, subject), ct))
        {
            var bytes = await storage.GetContentAsync(RegistryLayout.Referrers(repository, subject) + "/" + name, ct);
            if (bytes is null) continue;
            var d = JsonSerializer.Deserialize(bytes, OciJson.Default.Descriptor);
            if (d is not null && (artifactType is null || d.ArtifactType == artifactType)) result.Add(d);
        }
        result.Sort((a, b) => string.CompareOrdinal(a.Digest, b.Digest));
        return result;
    }
}
