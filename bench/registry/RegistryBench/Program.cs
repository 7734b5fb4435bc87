using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;

// Usage: RegistryBench BASE_URL LABEL SIZE_MB COUNT CONCURRENCY [PAUSE_SECONDS]
// Pushes COUNT distinct random blobs of SIZE_MB with CONCURRENCY clients, then pulls them back,
// and prints one line per direction: label, op, size, concurrency, MB/s, p50 ms, p95 ms.
// PAUSE_SECONDS waits between the push and the pull phase (so a profiler can be attached to one).
// With SERVER_PID set, an 8th column gives the CPU seconds that process spent per GiB moved: on a
// shared, loaded machine that varies far less between runs than MB/s does.
if (args.Length is not (5 or 6))
{
    Console.Error.WriteLine("usage: RegistryBench BASE_URL LABEL SIZE_MB COUNT CONCURRENCY [PAUSE_SECONDS]");
    return 2;
}
var baseUrl = new Uri(args[0]);
string label = args[1];
double sizeMb = double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
int count = int.Parse(args[3]), concurrency = int.Parse(args[4]);
int size = (int)(sizeMb * 1024 * 1024);

using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, AllowAutoRedirect = false, UseProxy = false })
{
    BaseAddress = baseUrl,
    Timeout = TimeSpan.FromMinutes(10),
};
var repo = $"bench/{label}-{Guid.NewGuid():N}"[..40].TrimEnd('-');

// Distinct content per blob so nothing is deduplicated; generated before timing starts.
var blobs = Enumerable.Range(0, count).Select(_ => RandomNumberGenerator.GetBytes(size)).ToArray();
var digests = blobs.Select(b => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(b))).ToArray();

async Task Push(int i)
{
    var start = await client.PostAsync($"/v2/{repo}/blobs/uploads/", null);
    if (start.StatusCode != HttpStatusCode.Accepted) throw new Exception($"POST: {start.StatusCode}");
    var location = start.Headers.Location!;
    var patchUrl = location.IsAbsoluteUri ? location : new Uri(baseUrl, location);
    var patch = await client.PatchAsync(patchUrl, new ByteArrayContent(blobs[i]));
    if (patch.StatusCode != HttpStatusCode.Accepted) throw new Exception($"PATCH: {patch.StatusCode}");
    var put = patch.Headers.Location!;
    var putUrl = new UriBuilder(put.IsAbsoluteUri ? put : new Uri(baseUrl, put));
    putUrl.Query = (putUrl.Query.Length > 1 ? putUrl.Query[1..] + "&" : "") + "digest=" + digests[i];
    var done = await client.PutAsync(putUrl.Uri, null);
    if (done.StatusCode != HttpStatusCode.Created) throw new Exception($"PUT: {done.StatusCode}");
}

async Task Pull(int i)
{
    using var response = await client.GetAsync($"/v2/{repo}/blobs/{digests[i]}", HttpCompletionOption.ResponseHeadersRead);
    if (response.StatusCode != HttpStatusCode.OK) throw new Exception($"GET: {response.StatusCode}");
    await using var body = await response.Content.ReadAsStreamAsync();
    var buffer = new byte[1 << 18];
    long total = 0;
    int read;
    while ((read = await body.ReadAsync(buffer)) > 0) total += read;
    if (total != size) throw new Exception($"GET returned {total} of {size} bytes");
}

var serverPid = Environment.GetEnvironmentVariable("SERVER_PID");

// utime + stime of the server in clock ticks (fields 14 and 15 of /proc/PID/stat, after the "(comm)").
long ServerTicks()
{
    if (serverPid is null) return 0;
    var stat = File.ReadAllText($"/proc/{serverPid}/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return long.Parse(fields[11]) + long.Parse(fields[12]);
}

async Task Run(string op, Func<int, Task> one)
{
    var latencies = new double[count];
    long ticks = ServerTicks();
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
    double cpuPerGib = (ServerTicks() - ticks) / 100.0 / ((double)size * count / (1 << 30));
    Array.Sort(latencies);
    double mbps = (double)size * count / (1024 * 1024) / seconds;
    var cpu = serverPid is null ? "" : FormattableString.Invariant($"\t{cpuPerGib:F2}");
    Console.WriteLine(FormattableString.Invariant($"{label}\t{op}\t{sizeMb}MB\tc={concurrency}\t{mbps:F1}\t{latencies[count / 2]:F2}\t{latencies[(int)(count * 0.95)]:F2}{cpu}"));
}

await client.GetAsync("/v2/"); // connection warm-up
await Run("push", Push);
if (args.Length == 6) await Task.Delay(TimeSpan.FromSeconds(double.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture)));
await Run("pull", Pull);
return 0;
