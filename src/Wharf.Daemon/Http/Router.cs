namespace Wharf.Daemon.Http;

/// <summary>Maps METHOD + path pattern to a handler. Patterns use <c>{id}</c> for one segment and <c>{*name}</c> for
/// one or more segments (image names contain slashes: <c>/images/docker.io/library/x/json</c>).</summary>
public sealed class Router
{
    public delegate Task Handler(HttpRequest request, HttpResponse response);

    private readonly List<(string Method, string[] Segments, Handler Handler)> _routes = [];

    public void Map(string method, string pattern, Handler handler) =>
        _routes.Add((method, pattern.Trim('/').Split('/'), handler));

    public Handler? Find(string method, string path, Dictionary<string, string> values)
    {
        var segments = path.Trim('/').Split('/');
        foreach (var (m, pattern, handler) in _routes)
        {
            if (m != method && !(method == "HEAD" && m == "GET")) continue;
            values.Clear();
            if (Match(pattern, 0, segments, 0, values)) return handler;
        }
        return null;
    }

    private static bool Match(string[] pattern, int pi, string[] path, int si, Dictionary<string, string> values)
    {
        if (pi == pattern.Length) return si == path.Length;
        var p = pattern[pi];
        if (p.StartsWith("{*", StringComparison.Ordinal))
        {
            int suffix = pattern.Length - pi - 1;
            int take = path.Length - si - suffix;   // the greedy part leaves exactly the literal suffix
            if (take < 1) return false;
            values[p[2..^1]] = string.Join('/', path, si, take);
            return Match(pattern, pi + 1, path, si + take, values);
        }
        if (si == path.Length) return false;
        if (p.StartsWith('{'))
        {
            if (path[si].Length == 0) return false;
            values[p[1..^1]] = path[si];
        }
        else if (p != path[si]) return false;
        return Match(pattern, pi + 1, path, si + 1, values);
    }
}
