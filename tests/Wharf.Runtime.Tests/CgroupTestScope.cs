using Wharf.Runtime.Cgroups;

namespace Wharf.Runtime.Tests;

/// <summary>
/// One test's cgroup: a fresh top-level cgroup and the processes started in it. Disposing kills those processes
/// by PID, removes the cgroup and takes back any controller enabling at the cgroup2 root the test caused.
/// </summary>
internal sealed class CgroupTestScope : IDisposable
{
    private readonly List<CgroupTestProcess> _processes = [];
    private readonly string? _unifiedRoot;
    private readonly string[] _unifiedRootControllers = [];

    public CgroupTestScope(CgroupLayout layout)
    {
        _unifiedRoot = layout.UnifiedMount;
        if (_unifiedRoot is not null)
            _unifiedRootControllers = SubtreeControl(_unifiedRoot);
        Cgroup = CgroupManager.Open($"/wharf-test-{Guid.NewGuid():N}"[..24], layout);
    }

    public CgroupManager Cgroup { get; }

    /// <summary>Starts a busybox script, puts it in <paramref name="cgroup"/> (default: this scope's), then lets it run.</summary>
    public CgroupTestProcess Start(string script, CgroupManager? cgroup = null)
    {
        var process = CgroupTestProcess.Start(script);
        _processes.Add(process);
        (cgroup ?? Cgroup).AddProcess(process.Pid);
        process.Release();
        return process;
    }

    public void Dispose()
    {
        foreach (var p in _processes)
            p.Dispose();
        if (Cgroup.Paths.Values.Any(Directory.Exists))
            Cgroup.KillAll(9);
        Cgroup.Destroy();
        if (_unifiedRoot is null)
            return;
        var added = SubtreeControl(_unifiedRoot).Except(_unifiedRootControllers).ToArray();
        if (added.Length > 0)
            File.WriteAllText(Path.Combine(_unifiedRoot, "cgroup.subtree_control"), string.Join(' ', added.Select(c => "-" + c)));
    }

    private static string[] SubtreeControl(string root)
        => File.ReadAllText(Path.Combine(root, "cgroup.subtree_control"))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
