using Wharf.Engine.Logs;

namespace Wharf.Engine.Tests;

public sealed class JsonLogReaderTests : IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    [Fact]
    public async Task TailAndSinceSelectEntriesInOrder()
    {
        File.WriteAllText(_file,
            "{\"log\":\"a\\n\",\"stream\":\"stdout\",\"time\":\"2026-01-01T00:00:01.000000001Z\"}\n" +
            "{\"log\":\"b\\n\",\"stream\":\"stderr\",\"time\":\"2026-01-01T00:00:02Z\"}\n" +
            "{\"log\":\"c\\n\",\"stream\":\"stdout\",\"time\":\"2026-01-01T00:00:03Z\"}\n");
        var all = await Read(null, null);
        Assert.Equal(["a\n", "b\n", "c\n"], all.Select(e => e.Text));
        Assert.Equal("stderr", all[1].Stream);
        Assert.Equal(["c\n"], (await Read(1, null)).Select(e => e.Text));
        Assert.Equal(["b\n", "c\n"], (await Read(null, new DateTime(2026, 1, 1, 0, 0, 2, DateTimeKind.Utc))).Select(e => e.Text));
    }

    [Fact]
    public async Task FollowPicksUpLinesWrittenLater()
    {
        File.WriteAllText(_file, "{\"log\":\"first\\n\",\"stream\":\"stdout\",\"time\":\"2026-01-01T00:00:01Z\"}\n");
        var stopped = new TaskCompletionSource();
        var seen = new List<string>();
        var reading = Task.Run(async () =>
        {
            await foreach (var e in JsonLogReader.ReadAsync(_file, null, null, null, true, stopped.Task, CancellationToken.None)) seen.Add(e.Text);
        });
        await Task.Delay(300);
        File.AppendAllText(_file, "{\"log\":\"second\\n\",\"stream\":\"stdout\",\"time\":\"2026-01-01T00:00:02Z\"}\n");
        await Task.Delay(300);
        stopped.SetResult();
        await reading.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(["first\n", "second\n"], seen);
    }

    private async Task<List<LogEntry>> Read(int? tail, DateTime? since)
    {
        var list = new List<LogEntry>();
        await foreach (var e in JsonLogReader.ReadAsync(_file, tail, since, null, false, Task.CompletedTask, CancellationToken.None)) list.Add(e);
        return list;
    }

    public void Dispose() => File.Delete(_file);
}
