using System.Text.Json;
using Wharf.Oci.Runtime;
using Wharf.Runtime.Cgroups;
using Wharf.Runtime.Native;
using Wharf.Runtime.Setup;
using Wharf.Runtime.Spawn;

namespace Wharf.Runtime.Containers;

/// <summary>
/// The runtime's verbs over a state directory, as a library: `wharf-runtime`, the shim and the tests all call
/// this. Create leaves the container process parked on exec.fifo; start releases it.
/// </summary>
public sealed partial class ContainerRuntime(string root, IHostView? host = null)
{
    private readonly IHostView _host = host ?? HostView.Instance;

    // The host's cgroup mounts: the real host view's copy (read once per process), else read once per instance.
    private readonly Lazy<CgroupLayout> _cgroupLayout =
        new(() => (host ?? HostView.Instance) is HostView view ? view.CgroupLayout : CgroupLayout.Detect());

    private CgroupManager OpenCgroup(string cgroupsPath) => CgroupManager.Open(cgroupsPath, _cgroupLayout.Value);

    public StateStore Store { get; } = new(root);

    /// <summary>`create`: namespaces, cgroups, mounts and all set up; the program waits for `start`.</summary>
    public ContainerRecord Create(CreateOptions options) => CreateCore(options, parkOnFifo: true);

    /// <summary>`run`: like create, but the program starts at once. Returns the record; wait with <see cref="Wait"/>.</summary>
    public ContainerRecord CreateRunning(CreateOptions options)
    {
        var record = CreateCore(options, parkOnFifo: false);
        RunPoststart(record);
        return record;
    }

    private ContainerRecord CreateCore(CreateOptions options, bool parkOnFifo)
    {
        StateStore.ValidateId(options.Id);
        var bundle = Path.GetFullPath(options.Bundle);
        var spec = SpecLoader.Load(bundle, out var configJson);
        var seccomp = SeccompGlue.Compile(spec.Linux?.Seccomp);
        var cgroupsPath = string.IsNullOrEmpty(spec.Linux?.CgroupsPath) ? options.Id : spec.Linux!.CgroupsPath!;
        var cgroup = OpenCgroup(cgroupsPath);
        // Started inside its cgroup2 directory, the child skips the one migration that waits for a grace period.
        // posix_spawn, which the unshare path uses, cannot start a child there: its second stage joins itself.
        var cloneIntoCgroup = Clone3.IsSupported && cgroup.Mode != CgroupMode.Legacy && SpawnPath == SpawnPath.Vfork;
        var plan = new ContainerPlanner(_host).Plan(spec, bundle, seccomp, parkOnFifo,
            cloneIntoCgroup ? cgroup.V1TaskFiles : cgroup.SelfJoinFiles);
        cloneIntoCgroup &= plan.JoinsCgroupItself; // else the parent places it (user namespace) in every hierarchy

        Store.Claim(options.Id);
        var pid = 0;
        try
        {
            cgroup.Create();
            cgroup.Apply(DefaultDeviceRules.Apply(spec.Linux?.Resources, spec.Linux?.Devices));
            using var cgroupDir = cloneIntoCgroup ? cgroup.OpenUnifiedDirectoryFd() : null;
            if (parkOnFifo && Libc.mkfifo(Store.FifoPath(options.Id), 0x192 /* 0622 */) != 0)
                throw SyscallException.FromLastError("mkfifo", Store.FifoPath(options.Id));

            var record = new ContainerRecord
            {
                Id = options.Id, Bundle = bundle, Rootfs = ContainerPlanner.RootfsPath(spec, bundle),
                Created = DateTime.UtcNow, CgroupsPath = cgroupsPath, Config = spec, ConfigJson = configJson,
            };
            using var console = ConsoleSocket.Connect(options.ConsoleSocket, spec.Process!.Terminal == true);
            var stateDir = Libc.open(Store.Dir(options.Id), (int)(Flags.O_PATH | Flags.O_DIRECTORY | Flags.O_CLOEXEC), 0);
            if (stateDir < 0) throw SyscallException.FromLastError("open", Store.Dir(options.Id));
            try
            {
                var result = Spawner.Spawn(new SpawnRequest
                {
                    Plan = plan,
                    Starter = StarterFor(plan),
                    ConsoleSocketFd = console is null ? -1 : (int)console.Handle,
                    StateDirFd = stateDir,
                    CgroupDirFd = cgroupDir is null ? -1 : (int)cgroupDir.DangerousGetHandle(),
                    OnChildStarted = child =>
                    {
                        pid = child;
                        if (!plan.JoinsCgroupItself)
                            cgroup.AddProcess(child);
                        UserNamespaceMaps.Write(child, spec.Linux);
                    },
                    OnHooksPoint = child =>
                    {
                        var state = OciState(record, "creating", child);
                        HookRunner.Run("prestart", spec.Hooks?.Prestart, state);
                        HookRunner.Run("createRuntime", spec.Hooks?.CreateRuntime, state);
                    },
                });
                pid = result.Pid;
            }
            finally
            {
                Libc.close(stateDir);
            }

            record.Pid = pid;
            record.PidStartTime = ProcessProbe.StartTime(pid) ?? 0;
            Store.Save(record);
            if (options.PidFile is { } pidFile)
                AtomicFile.WriteText(Path.GetFullPath(pidFile), pid.ToString(System.Globalization.CultureInfo.InvariantCulture), durable: false);
            return record;
        }
        catch
        {
            if (pid > 0) Libc.kill(pid, Signals.SIGKILL);
            TryDestroyCgroup(cgroup);
            Store.Remove(options.Id);
            throw;
        }
    }

    /// <summary>`start`: opens exec.fifo, which lets the parked process exec the user's program.</summary>
    public void Start(string id)
    {
        var record = Store.Load(id);
        var status = Status(record);
        if (status != "created")
            throw new ContainerException(status == "stopped"
                ? "cannot start a container that has stopped"
                : $"cannot start an already {status} container");
        ExecFifo.Release(Store.FifoPath(id), record);
        RunPoststart(record);
    }

    private void RunPoststart(ContainerRecord record)
    {
        try
        {
            HookRunner.Run("poststart", record.Config.Hooks?.Poststart, OciState(record, "running", record.Pid));
        }
        catch (ContainerException e)
        {
            // As runc: a failed poststart hook is reported, the container keeps running.
            Console.Error.WriteLine($"warning: {e.Message}");
        }
    }

    /// <summary>created, running, paused or stopped, derived from the process, exec.fifo and the freezer.</summary>
    public string Status(ContainerRecord record)
    {
        if (!ProcessProbe.IsAlive(record.Pid, record.PidStartTime)) return "stopped";
        if (File.Exists(Store.FifoPath(record.Id))) return "created";
        try
        {
            if (OpenCgroup(record.CgroupsPath).IsFrozen) return "paused";
        }
        catch (IOException)
        {
            // No freezer state to read: not paused.
        }
        return "running";
    }

    public RuntimeStateView State(string id) => View(Store.Load(id));

    public RuntimeStateView View(ContainerRecord record)
    {
        var status = Status(record);
        return new RuntimeStateView
        {
            Id = record.Id, Pid = status == "stopped" ? 0 : record.Pid, Status = status, Bundle = record.Bundle,
            Rootfs = record.Rootfs, Created = record.Created, Owner = "root", Annotations = record.Config.Annotations,
        };
    }

    public static State OciState(ContainerRecord record, string status, int pid) => new()
    {
        Id = record.Id, Status = status, Pid = pid, Bundle = record.Bundle, Annotations = record.Config.Annotations,
    };

    public static string ToJson(RuntimeStateView view) => JsonSerializer.Serialize(view, RuntimeJson.Indented.RuntimeStateView);

    private static void TryDestroyCgroup(CgroupManager cgroup)
    {
        try
        {
            cgroup.Destroy();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"warning: {e.Message}");
        }
    }
}
