using System.Text;
using System.Text.RegularExpressions;
using Wharf.Engine.Errors;
using Wharf.Images;
using Wharf.Images.References;

namespace Wharf.Daemon.Api;

/// <summary>The <c>filters</c> of <c>GET /images/json</c> and <c>POST /images/prune</c>, with dockerd's meaning:
/// dangling (no tag), label (key or key=value), reference (a glob over "name" and "name:tag", familiar form),
/// before/since (another image's creation time).</summary>
public sealed class ImageFilters
{
    private readonly Dictionary<string, HashSet<string>> _filters;
    private readonly Func<string, LocalImage?> _resolve;
    private readonly List<Regex>? _references; // the reference globs, compiled once per request

    private ImageFilters(Dictionary<string, HashSet<string>> filters, Func<string, LocalImage?> resolve)
    {
        _filters = filters;
        _resolve = resolve;
        _references = filters.TryGetValue("reference", out var patterns) ? [.. patterns.Select(GlobToRegex)] : null;
    }

    /// <summary>Checks the keys against <paramref name="allowed"/> and answers 400 "invalid filter 'x'" like dockerd.</summary>
    public static ImageFilters Parse(Dictionary<string, HashSet<string>> filters, Func<string, LocalImage?> resolve, params string[] allowed)
    {
        foreach (var key in filters.Keys)
            if (!allowed.Contains(key)) throw EngineException.Invalid($"invalid filter '{key}'");
        if (filters.TryGetValue("dangling", out var d))
            foreach (var v in d)
                if (v is not ("true" or "false" or "1" or "0")) throw EngineException.Invalid($"invalid filter 'dangling={v}'");
        return new ImageFilters(filters, resolve);
    }

    /// <summary>dangling=true or dangling=false when given; null when the filter is absent.</summary>
    public bool? Dangling => _filters.TryGetValue("dangling", out var d) && d.Count > 0 ? d.Any(v => v is "true" or "1") : null;

    public bool HasLabelFilter => _filters.ContainsKey("label");

    public bool Matches(LocalImage image)
    {
        if (Dangling is bool dangling && dangling != (image.RepoTags.Count == 0)) return false;
        if (!MatchesLabels(image)) return false;
        if (_references is not null && !image.RepoTags.Any(t => _references.Any(g => TagMatches(t, g)))) return false;
        if (_filters.TryGetValue("before", out var before) && !before.All(b => image.Created < Anchor(b).Created)) return false;
        if (_filters.TryGetValue("since", out var since) && !since.All(b => image.Created > Anchor(b).Created)) return false;
        return true;
    }

    /// <summary>Every label filter holds (prune applies dangling itself).</summary>
    public bool MatchesLabels(LocalImage image) =>
        !_filters.TryGetValue("label", out var labels) || labels.All(l => HasLabel(image, l));

    /// <summary>Prune's until, parsed before anything is removed: only images created before the earliest given
    /// time qualify (a duration means that long before now); null when there is no until filter.</summary>
    public DateTimeOffset? Until(DateTimeOffset now) =>
        _filters.TryGetValue("until", out var until) && until.Count > 0 ? until.Min(u => FilterTime.Parse(u, now)) : null;

    private LocalImage Anchor(string reference) => _resolve(reference) ?? throw EngineException.NoSuchImage(reference);

    private static bool HasLabel(LocalImage image, string filter)
    {
        var kv = filter.Split('=', 2);
        var labels = image.Config.Config?.Labels;
        return labels is not null && labels.TryGetValue(kv[0], out var v) && (kv.Length == 1 || v == kv[1]);
    }

    /// <summary>The image's tags to show: with a reference filter dockerd lists only the tags that matched it.</summary>
    public List<string> VisibleTags(LocalImage image) =>
        _references is not null
            ? [.. image.RepoTags.Where(t => _references.Any(g => TagMatches(t, g)))]
            : [.. image.RepoTags];

    private static bool TagMatches(string tag, Regex glob) =>
        ImageReference.TryParse(tag, out var r) && r is not null && (glob.IsMatch(r.FamiliarRepository) || glob.IsMatch(r.Familiar));

    /// <summary>Go's path.Match: '*' and '?' stop at '/', '[…]' is a class.</summary>
    private static Regex GlobToRegex(string pattern)
    {
        var sb = new StringBuilder("^");
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            switch (c)
            {
                case '*': sb.Append("[^/]*"); break;
                case '?': sb.Append("[^/]"); break;
                case '[':
                    int end = pattern.IndexOf(']', i + 1);
                    if (end < 0) throw EngineException.Invalid($"invalid reference filter: {pattern}");
                    var cls = pattern[(i + 1)..end];
                    sb.Append('[').Append(cls.StartsWith('^') ? "^" + Regex.Escape(cls[1..]) : Regex.Escape(cls)).Append(']');
                    i = end;
                    break;
                default: sb.Append(Regex.Escape(c.ToString())); break;
            }
        }
        return new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
