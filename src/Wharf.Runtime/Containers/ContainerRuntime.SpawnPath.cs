using Wharf.Runtime.Native;
using Wharf.Runtime.Spawn;
using Wharf.Runtime.Spawn.Fallback;

namespace Wharf.Runtime.Containers;

public sealed partial class ContainerRuntime
{
    private SpawnPath? _spawnPath;

    /// <summary>How container processes start (create, run, exec); <see cref="SpawnPaths.EnvironmentVariable"/>
    /// sets the default, read when first needed (a bad value fails only the verbs that start a process), and the
    /// CLI's --spawn overrides it.</summary>
    public SpawnPath SpawnPath
    {
        get => _spawnPath ??= SpawnPaths.FromEnvironment();
        init => _spawnPath = value;
    }

    /// <summary>The starter for <paramref name="plan"/> on the chosen path; null for the vfork clone.</summary>
    private UnshareStarter? StarterFor(SpawnPlan plan)
    {
        if (SpawnPath != SpawnPath.Unshare) return null;
        if ((plan.CloneFlags & Flags.CLONE_NEWUSER) != 0)
            throw new ContainerException(
                "linux.namespaces: the unshare spawn path (--spawn=unshare, WHARF_RUNTIME_SPAWN=unshare) cannot create a " +
                "user namespace: a multi-threaded process cannot unshare one; use --spawn=vfork");
        var secondStage = UnshareStarter.DefaultSecondStage;
        if (!File.Exists(secondStage))
            throw new ContainerException($"the unshare spawn path needs its second stage, {secondStage} (wharf-runtime next to this binary)");
        return new UnshareStarter(secondStage);
    }
}
