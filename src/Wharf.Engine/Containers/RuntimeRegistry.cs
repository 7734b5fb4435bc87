using Wharf.Engine.Errors;

namespace Wharf.Engine.Containers;

/// <summary>Runtime names → binaries: wharf-runtime (next to wharfd), runc and crun from PATH, plus daemon.json ones.</summary>
public sealed class RuntimeRegistry(EngineOptions options)
{
    public IReadOnlyDictionary<string, string> All
    {
        get
        {
            var all = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["wharf-runtime"] = Path.Combine(options.BinDir, "wharf-runtime"),
                ["runc"] = FindInPath("runc") ?? "runc",
                ["crun"] = FindInPath("crun") ?? "crun",
            };
            foreach (var (k, v) in options.Runtimes) all[k] = v;
            return all;
        }
    }

    public string DefaultName => options.DefaultRuntime;

    /// <summary>The binary for a runtime name ("" = the default); 400 with Docker's message when unknown.</summary>
    public string Resolve(string? name)
    {
        if (string.IsNullOrEmpty(name)) name = options.DefaultRuntime;
        return All.TryGetValue(name, out var path) ? path : throw EngineException.Invalid($"unknown or invalid runtime name: {name}");
    }

    private static string? FindInPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
            .Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
