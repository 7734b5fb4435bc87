using System.Globalization;

// Usage: RegistryBench BASE_URL LABEL SIZE_MB COUNT CONCURRENCY [PAUSE_SECONDS]
//        RegistryBench BASE_URL LABEL image:MB[:LAYERS] COUNT CONCURRENCY [PAUSE_SECONDS]
// Blob mode pushes COUNT distinct random blobs of SIZE_MB with CONCURRENCY clients, then pulls them back.
// Image mode (SIZE given as image:MB) does the same with COUNT distinct OCI images of MB megabytes in LAYERS
// layers (default 4), moved as docker moves them (ImageLoad.cs). Both print one line per direction: label,
// op, case, concurrency, MB/s, p50 ms, p95 ms (per blob or per image).
// PAUSE_SECONDS waits between the push and the pull phase (so a profiler can be attached to one).
// With SERVER_PID set, an 8th column gives the CPU seconds that process spent per GiB moved: on a
// shared, loaded machine that varies far less between runs than MB/s does.
const string Usage = """
    usage: RegistryBench BASE_URL LABEL SIZE_MB COUNT CONCURRENCY [PAUSE_SECONDS]
           RegistryBench BASE_URL LABEL image:MB[:LAYERS] COUNT CONCURRENCY [PAUSE_SECONDS]
      SIZE_MB       blob mode: COUNT distinct random blobs of SIZE_MB (e.g. 0.004, 100)
      image:MB      image mode: COUNT distinct OCI images of MB megabytes in LAYERS layers (default 4)
    """;
if (args.Length is not (5 or 6))
{
    Console.Error.WriteLine(Usage);
    return 2;
}
var baseUrl = new Uri(args[0]);
string label = args[1], size = args[2];
int count = int.Parse(args[3]), concurrency = int.Parse(args[4]);

using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, AllowAutoRedirect = false, UseProxy = false })
{
    BaseAddress = baseUrl,
    Timeout = TimeSpan.FromMinutes(10),
};
var registry = new RegistryCalls(client);

ILoad load;
if (size.StartsWith("image:", StringComparison.Ordinal))
{
    var parts = size["image:".Length..].Split(':');
    int layers = 4;
    if (parts.Length > 2 || !int.TryParse(parts[0], out int imageMb) || imageMb <= 0
        || (parts.Length == 2 && (!int.TryParse(parts[1], out layers) || layers <= 0)))
    {
        Console.Error.WriteLine($"bad image size \"{size}\"\n{Usage}");
        return 2;
    }
    load = new ImageLoad(registry, label, imageMb, layers, count);
}
else
{
    load = new BlobLoad(registry, label, double.Parse(size, CultureInfo.InvariantCulture), count);
}

var run = new LoadRun(label, load.CaseName, count, concurrency, load.BytesPerItem, ServerCpu.FromEnvironment());
await client.GetAsync("/v2/"); // connection warm-up
await run.RunAsync("push", load.PushAsync);
if (args.Length == 6) await Task.Delay(TimeSpan.FromSeconds(double.Parse(args[5], CultureInfo.InvariantCulture)));
await run.RunAsync("pull", load.PullAsync);
return 0;
