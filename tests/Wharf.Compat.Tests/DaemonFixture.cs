using Wharf.TestSupport;

namespace Wharf.Compat.Tests;

/// <summary>One wharfd with busybox imported, shared by the tests of a class.</summary>
public sealed class DaemonFixture : IDisposable
{
    private readonly Lazy<WharfDaemon> _daemon = new(() =>
    {
        var d = new WharfDaemon();
        try { d.ImportBusybox(); }
        catch { d.Dispose(); throw; }
        return d;
    });

    public WharfDaemon Daemon
    {
        get
        {
            Skip.IfNot(WharfDaemon.Available, "needs root, the built wharfd ($WHARF_BIN or out/bin) and /usr/local/bin/docker");
            return _daemon.Value;
        }
    }

    public void Dispose()
    {
        if (_daemon.IsValueCreated) _daemon.Value.Dispose();
    }
}
