namespace Wharf.Runtime.Spawn;

/// <summary>How the runtime starts a container's processes.</summary>
public enum SpawnPath
{
    /// <summary>The default: a vfork-style clone whose child runs the plan (<see cref="Spawner"/>).</summary>
    Vfork,
    /// <summary>The supported-API fallback: unshare on a throwaway thread, then a NativeAOT second stage runs the
    /// plan (<see cref="Fallback.UnshareStarter"/>). Slower; no user namespaces.</summary>
    Unshare,
}

/// <summary>The switch: <c>wharf-runtime --spawn=vfork|unshare</c>, or the environment variable for the daemon, the
/// shim and tests, which start the runtime without new flags.</summary>
public static class SpawnPaths
{
    public const string EnvironmentVariable = "WHARF_RUNTIME_SPAWN";

    public static SpawnPath Parse(string value, string source) => value switch
    {
        "vfork" => SpawnPath.Vfork,
        "unshare" => SpawnPath.Unshare,
        _ => throw new ContainerException($"{source}: unknown spawn path \"{value}\" (expected vfork or unshare)"),
    };

    /// <summary><see cref="EnvironmentVariable"/> when set, else <see cref="SpawnPath.Vfork"/>.</summary>
    public static SpawnPath FromEnvironment()
        => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value
            ? Parse(value, EnvironmentVariable)
            : SpawnPath.Vfork;
}
