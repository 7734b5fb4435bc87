using Wharf.Oci.Runtime;
using Wharf.Runtime.Native;
using Wharf.Runtime.Spawn;
using static Wharf.Runtime.Native.Flags;
using OciProcess = Wharf.Oci.Runtime.Process;

namespace Wharf.Runtime.Setup;

/// <summary>
/// Plans `exec`: the spawning thread joins the container init's pid, net, ipc, uts and cgroup namespaces
/// (its children land there), the child joins the mount namespace itself, then runs the process steps.
/// </summary>
public sealed class ExecPlanner(IHostView host)
{
    public SpawnPlan Plan(Linux? linux, int initPid, OciProcess process, CompiledSeccomp? seccomp)
    {
        var threadNamespaces = new List<(string, int)>();
        var joinMount = false;
        foreach (var ns in linux?.Namespaces ?? [])
        {
            var flag = NamespaceFlags.Of(ns.Type);
            if (flag == CLONE_NEWUSER)
                throw new ContainerException("exec into a container with a user namespace is not supported");
            if (flag == CLONE_NEWNS)
                joinMount = true;
            else
                threadNamespaces.Add(($"/proc/{initPid}/ns/{NamespaceFlags.ProcName(ns.Type)}", (int)flag));
        }
        var plan = new SpawnPlan
        {
            ThreadNamespaces = threadNamespaces,
            JoinMountNs = joinMount ? $"/proc/{initPid}/ns/mnt" : null,
        };
        var w = new StepWriter(plan);
        w.Handshake();
        if (joinMount)
            w.Syscall(Sys.Setns, "setns", plan.JoinMountNs, new PlanArg.Fd(SpawnFd.MountNs), (long)CLONE_NEWNS);
        if (process.Terminal == true)
            TerminalPlanner.Plan(w, process.ConsoleSize, bindConsole: false);
        new ProcessPlanner(w, host).Plan(process, seccomp, parkOnFifo: false, userNamespace: false);
        return plan;
    }
}
