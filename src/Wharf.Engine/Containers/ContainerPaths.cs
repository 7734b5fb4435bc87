namespace Wharf.Engine.Containers;

/// <summary>Where a container's files live.
/// data-root/containers/ID/: config.v2.json (the record), ID-json.log, hostname, hosts, resolv.conf.
/// exec-root/containers/ID/: config.json + rootfs/ (the bundle), shim.sock, exit (status left by the shim),
/// shim.log; exec-root/runtime/: the runtime's --root state.</summary>
public sealed class ContainerPaths(EngineOptions options)
{
    public string DataDir(string id) => Path.Combine(options.DataRoot, "containers", id);
    public string Record(string id) => Path.Combine(DataDir(id), "config.v2.json");
    public string Log(string id) => Path.Combine(DataDir(id), id + "-json.log");
    public string Hostname(string id) => Path.Combine(DataDir(id), "hostname");
    public string Hosts(string id) => Path.Combine(DataDir(id), "hosts");
    public string ResolvConf(string id) => Path.Combine(DataDir(id), "resolv.conf");

    public string BundlesRoot => Path.Combine(options.ExecRoot, "containers");
    public string Bundle(string id) => Path.Combine(BundlesRoot, id);
    public string Rootfs(string id) => Path.Combine(Bundle(id), "rootfs");
    public string ShimSocket(string id) => Path.Combine(Bundle(id), "shim.sock");
    public string ExitFile(string id) => Path.Combine(Bundle(id), "exit");
    public string RuntimeRoot => Path.Combine(options.ExecRoot, "runtime");
    public string ContainersDataRoot => Path.Combine(options.DataRoot, "containers");
}
