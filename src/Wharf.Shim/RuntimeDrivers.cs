namespace Wharf.Shim;

/// <summary>Picks how to drive the container's runtime.</summary>
internal static class RuntimeDrivers
{
    /// <summary>The wharf-runtime next to this shim (same build, same state format) runs in-process; any other
    /// runtime path (runc, crun, a daemon.json runtime, another wharf-runtime) is exec'd.</summary>
    public static IRuntimeDriver For(ShimOptions options)
    {
        string builtIn = Path.Combine(AppContext.BaseDirectory, "wharf-runtime");
        return Path.GetFullPath(options.Runtime) == Path.GetFullPath(builtIn)
            ? new LibraryRuntime(options.RuntimeRoot)
            : new ExternalRuntime(options.Runtime, options.RuntimeRoot, options.Bundle);
    }
}
