using System.Text;
using Wharf.Distribution.Server.Storage;

namespace Wharf.Distribution.Server.Content;

/// <summary>
/// The catalog index: the sorted names of repositories that hold a manifest, kept in memory and
/// persisted atomically on every change, so <c>/v2/_catalog</c> never walks the store.
/// One registry process owns a storage root.
/// </summary>
public sealed class RepositoryCatalog(IRegistryStorage storage)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private SortedSet<string>? _names;

    private async ValueTask<SortedSet<string>> LoadAsync(CancellationToken ct)
    {
        if (_names is not null) return _names;
        var bytes = await storage.GetContentAsync(RegistryLayout.CatalogIndex, ct);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        if (bytes is not null)
            foreach (var line in Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries)) names.Add(line);
        return _names = names;
    }

    public async ValueTask<bool> ContainsAsync(string name, CancellationToken ct)
    {
        await _lock.WaitAsync(ct);
        try { return (await LoadAsync(ct)).Contains(name); }
        finally { _lock.Release(); }
    }

    public async ValueTask AddAsync(string name, CancellationToken ct)
    {
        await _lock.WaitAsync(ct);
        try
        {
            var names = await LoadAsync(ct);
            if (names.Contains(name)) return;
            var next = new SortedSet<string>(names, StringComparer.Ordinal) { name };
            await PersistAsync(next, ct);
            _names = next;
        }
        finally { _lock.Release(); }
    }

    /// <summary>Replaces the index (gc rebuilds it from the repositories it finds).</summary>
    public async ValueTask ReplaceAsync(IEnumerable<string> all, CancellationToken ct)
    {
        await _lock.WaitAsync(ct);
        try
        {
            var next = new SortedSet<string>(all, StringComparer.Ordinal);
            await PersistAsync(next, ct);
            _names = next;
        }
        finally { _lock.Release(); }
    }

    /// <summary>Up to <paramref name="n"/> names after <paramref name="last"/>, and whether more follow.</summary>
    public async ValueTask<(List<string> Page, bool More)> PageAsync(int n, string? last, CancellationToken ct)
    {
        await _lock.WaitAsync(ct);
        try { return Paging.Page(await LoadAsync(ct), n, last); }
        finally { _lock.Release(); }
    }

    private ValueTask PersistAsync(SortedSet<string> names, CancellationToken ct)
    {
        var text = new StringBuilder();
        foreach (var n in names) text.Append(n).Append('\n');
        return storage.PutContentAsync(RegistryLayout.CatalogIndex, Encoding.UTF8.GetBytes(text.ToString()), ct);
    }
}
