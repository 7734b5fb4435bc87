using Wharf.Images.References;
using Wharf.Oci;

namespace Wharf.Images;

public sealed partial class LocalImageStore
{
    /// <summary>Docker's <c>DELETE /images/{name}</c>: by name, untag (and delete when it was the last name);
    /// by ID, delete unless names in several repositories point at it (409 unless forced).</summary>
    public IReadOnlyList<ImageDeleteItem> Remove(string reference, bool force, bool noPrune)
    {
        string id = ResolveId(reference) ?? throw new Store.ImageNotFoundException(reference);
        var items = new List<ImageDeleteItem>();
        lock (_sync)
        {
            var record = _state.Images[id];
            var tags = _state.Tags.Where(t => t.Value == id).Select(t => t.Key).ToList();
            var byName = ByName(reference, id);
            if (byName is not null)
            {
                if (byName.Digest is { } d) record.RepoDigests.Remove(byName.Repository + "@" + d);
                else _state.Tags.Remove(byName.ToString());
                items.Add(new ImageDeleteItem(byName.Familiar, null));
                bool stillNamed = _state.Tags.ContainsValue(id) || (byName.Digest is not null && record.RepoDigests.Count > 0);
                if (stillNamed && !force) { Save(); return items; }
            }
            else if (!force && tags.Select(t => ImageReference.Parse(t).Repository).Distinct().Count() > 1)
            {
                throw new Store.ImageConflictException(
                    $"conflict: unable to delete {Digest.Parse(id).Short} (must be forced) - image is referenced in multiple repositories");
            }
            foreach (var tag in _state.Tags.Where(t => t.Value == id).Select(t => t.Key).ToList())
            {
                _state.Tags.Remove(tag);
                items.Add(new ImageDeleteItem(ImageReference.Parse(tag).Familiar, null));
            }
            foreach (var digestRef in record.RepoDigests)
                items.Add(new ImageDeleteItem(ImageReference.ParseNoDefaultTag(digestRef).Familiar, null));
            ForgetImage(id);
            Save();
            items.Add(new ImageDeleteItem(null, id));
        }
        foreach (var layer in CollectGarbage().RemovedLayers) items.Add(new ImageDeleteItem(null, layer));
        return items;
    }

    /// <summary>The reference as a name when it names the image by tag or repo digest (not by ID).</summary>
    private ImageReference? ByName(string reference, string id)
    {
        if (Digest.TryParse(reference, out _)) return null;
        if (!ImageReference.TryParse(reference, out var parsed) || parsed is null) return null;
        if (parsed.Digest is { } d)
            return _state.Images[id].RepoDigests.Contains(parsed.Repository + "@" + d) ? parsed : null;
        return _state.Tags.TryGetValue(parsed.ToString(), out var tagged) && tagged == id ? parsed : null;
    }
}
