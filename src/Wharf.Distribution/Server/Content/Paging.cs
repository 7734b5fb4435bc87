namespace Wharf.Distribution.Server.Content;

/// <summary>The spec's <c>n</c>/<c>last</c> pagination over a lexically sorted list.</summary>
public static class Paging
{
    public static (List<string> Page, bool More) Page(IEnumerable<string> sorted, int n, string? last)
    {
        var after = last is null ? sorted : sorted.Where(s => string.CompareOrdinal(s, last) > 0);
        var page = after.Take(n == int.MaxValue ? n : n + 1).ToList();
        bool more = page.Count > n;
        if (more) page.RemoveAt(n);
        return (page, more);
    }
}
