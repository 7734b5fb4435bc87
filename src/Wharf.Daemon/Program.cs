using System.Runtime.InteropServices;
using Wharf.Daemon;
using Wharf.Daemon.Api;
using Wharf.Daemon.Http;
using Wharf.Engine;
using Wharf.Engine.Containers;
using Wharf.Images;

DaemonOptions options;
try { options = DaemonOptions.Parse(args); }
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message == "help"
        ? "Usage: wharfd [-H unix:///run/wharf.sock] [--data-root DIR] [--exec-root DIR] [--pidfile FILE] [--config-file FILE] [--default-runtime NAME] [--live-restore] [--init] [--init-path FILE] [--tlsverify --tlscacert F --tlscert F --tlskey F] [--log-level LEVEL]"
        : "wharfd: " + e.Message);
    return e.Message == "help" ? 0 : 1;
}

bool debug = options.LogLevel is "debug";
void Log(string message) => Console.Error.WriteLine($"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} wharfd: {message}");

Directory.CreateDirectory(options.DataRoot);
Directory.CreateDirectory(options.ExecRoot);
string idFile = Path.Combine(options.DataRoot, "engine-id");
if (!File.Exists(idFile)) Wharf.Engine.State.AtomicFile.Write(idFile, System.Text.Encoding.ASCII.GetBytes(Guid.NewGuid().ToString()));
options.DaemonId = File.ReadAllText(idFile).Trim();

var images = LocalImageStore.Open(options.DataRoot);
var engineOptions = new EngineOptions
{
    DataRoot = options.DataRoot, ExecRoot = options.ExecRoot, BinDir = AppContext.BaseDirectory,
    DefaultRuntime = options.DefaultRuntime ?? "wharf-runtime", Runtimes = options.Runtimes, LiveRestore = options.LiveRestore, Log = Log,
    DefaultInit = options.Init, InitPath = options.InitPath,
    // WHARFD_SPARE_SHIM=0 turns the spare shim off (bench/daemon/ab.sh measures with and without it).
    SpareShim = Environment.GetEnvironmentVariable("WHARFD_SPARE_SHIM") != "0",
};
var engine = new ContainerService(engineOptions, images, images.Snapshotter);
engine.Runtimes.Resolve(null); // an unknown --default-runtime fails start-up, not the first container
await engine.RestoreAsync();

var router = new Router();
new SystemRoutes(engine, options).Map(router);
new ContainerRoutes(engine).Map(router);
new StreamRoutes(engine).Map(router);
var imageService = new Wharf.Distribution.ImageService(images, new Wharf.Distribution.Client.RegistryOptions { Mirrors = options.RegistryMirrors, InsecureRegistries = options.InsecureRegistries });
var distribution = new DistributionRoutes(engine, imageService);
new ImageRoutes(engine) { Pull = distribution.PullAsync }.Map(router);
distribution.Map(router);
new NetworkRoutes().Map(router);
var api = new ApiHost(router, Log);
var server = new HttpServer(async (req, res) =>
{
    if (debug) Log($"{req.Method} {req.Path}");
    await api.HandleAsync(req, res);
}, Log);

var tls = options.TlsVerify ? HttpServer.MutualTls(options.TlsCert!, options.TlsKey!, options.TlsCaCert!) : null;
foreach (var host in options.Hosts)
{
    server.Serve(Listeners.Open(host), host.StartsWith("tcp://", StringComparison.Ordinal) ? tls : null);
    Log($"API listen on {host}");
}
if (options.PidFile is not null) Wharf.Engine.State.AtomicFile.Write(options.PidFile, System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId + "\n"));
Log($"Daemon has completed initialization (data-root {options.DataRoot}, default runtime {engine.Runtimes.DefaultName})");

var stop = new TaskCompletionSource();
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; stop.TrySetResult(); });
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => { ctx.Cancel = true; stop.TrySetResult(); });
await stop.Task;
Log("Processing signal 'terminated'");
server.Stop();
engine.ReleaseSpareShim();
if (!options.LiveRestore) await engine.StopAllAsync();
foreach (var host in options.Hosts.Where(h => h.StartsWith("unix://", StringComparison.Ordinal)))
    try { File.Delete(host["unix://".Length..]); } catch (IOException) { }
if (options.PidFile is not null) try { File.Delete(options.PidFile); } catch (IOException) { }
return 0;
