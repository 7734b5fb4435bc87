using System.Runtime.InteropServices;

namespace Wharf.Runtime.Cli;

/// <summary>`run` and `exec` in the foreground pass the usual terminating signals on to the process.</summary>
public sealed class SignalForwarding : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];

    public static SignalForwarding To(int pid)
    {
        var forwarding = new SignalForwarding();
        foreach (var (signal, number) in new[] { (PosixSignal.SIGTERM, 15), (PosixSignal.SIGINT, 2), (PosixSignal.SIGHUP, 1), (PosixSignal.SIGQUIT, 3) })
            forwarding._registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                _ = kill(pid, number);
            }));
        return forwarding;
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
