using System.Text.Json;

namespace Wharf.Engine.Logs;

/// <summary>Reads a container's json-file log, optionally following it while the container runs.</summary>
public static class JsonLogReader
{
    public static bool TryParse(string line, out LogEntry entry)
    {
        entry = default;
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            entry = new LogEntry(root.GetProperty("stream").GetString() ?? "stdout", root.GetProperty("log").GetString() ?? "",
                root.GetProperty("time").GetDateTime().ToUniversalTime());
            return true;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or InvalidOperationException) { return false; }
    }

    /// <summary>Yields entries in order: the last <paramref name="tail"/> (all when null) within since/until, then, with
    /// <paramref name="follow"/>, new ones until <paramref name="stopped"/> completes and the file is drained.</summary>
    public static async IAsyncEnumerable<LogEntry> ReadAsync(string path, int? tail, DateTime? since, DateTime? until, bool follow,
        Task stopped, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            if (!follow) yield break;
            await Task.WhenAny(stopped, Task.Delay(Timeout.Infinite, ct));
            if (!File.Exists(path)) yield break;
        }
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(file);
        var initial = new List<LogEntry>();
        string? line;
        while ((line = await reader.ReadLineAsync(ct)) is not null)
            if (TryParse(line, out var e) && InRange(e, since, until)) initial.Add(e);
        int skip = tail is { } t && t >= 0 ? Math.Max(0, initial.Count - t) : 0;
        for (int i = skip; i < initial.Count; i++) yield return initial[i];
        if (!follow) yield break;
        string partial = "";
        while (!ct.IsCancellationRequested)
        {
            bool wasStopped = stopped.IsCompleted;
            while ((line = await reader.ReadLineAsync(ct)) is not null)
            {
                // A line without its newline yet comes back as a fragment: keep it until the rest arrives.
                line = partial + line;
                partial = "";
                if (TryParse(line, out var e)) { if (InRange(e, since, until)) yield return e; }
                else partial = line;
            }
            if (wasStopped) yield break;
            try { await Task.WhenAny(stopped, Task.Delay(100, ct)); } catch (OperationCanceledException) { yield break; }
        }
    }

    private static bool InRange(LogEntry e, DateTime? since, DateTime? until) =>
        (since is null || e.Time >= since) && (until is null || e.Time <= until);
}
