using System.Diagnostics;

/// <summary>
/// Runs COUNT items (blobs or images) with CONCURRENCY clients, each taking the next item when it is done
/// with one, and prints one tab-separated line: label, op, case, clients, MB/s over the whole batch, p50 and
/// p95 ms per item, and, when the server's PID is known, the server's CPU seconds per GiB moved.
/// </summary>
sealed class LoadRun(string label, string caseName, int count, int concurrency, long bytesPerItem, ServerCpu server)
{
    public async Task RunAsync(string op, Func<int, Task> one)
    {
        var latencies = new double[count];
        long ticks = server.Ticks();
        int next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                long t = Stopwatch.GetTimestamp();
                await one(i);
                latencies[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            }
        })));
        double seconds = clock.Elapsed.TotalSeconds;
        double bytes = (double)bytesPerItem * count;
        double cpuPerGib = (server.Ticks() - ticks) / 100.0 / (bytes / (1 << 30));
        Array.Sort(latencies);
        double mbps = bytes / (1024 * 1024) / seconds;
        var cpu = server.Known ? FormattableString.Invariant($"\t{cpuPerGib:F2}") : "";
        Console.WriteLine(FormattableString.Invariant(
            $"{label}\t{op}\t{caseName}\tc={concurrency}\t{mbps:F1}\t{latencies[count / 2]:F2}\t{latencies[(int)(count * 0.95)]:F2}{cpu}"));
    }
}
