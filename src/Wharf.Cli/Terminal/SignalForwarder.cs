using System.Runtime.InteropServices;

namespace Wharf.Cli.Terminal;

/// <summary>
/// --sig-proxy: signals the CLI receives are sent to the container with POST /kill instead of ending the CLI.
/// Only without a TTY (with one, ctrl-c travels in the stream as a byte).
/// </summary>
public sealed class SignalForwarder : IDisposable
{
    private static readonly (PosixSignal Signal, int Number)[] Forwarded =
    [
        (PosixSignal.SIGINT, 2), (PosixSignal.SIGTERM, 15), (PosixSignal.SIGHUP, 1), (PosixSignal.SIGQUIT, 3),
        ((PosixSignal)10, 10), ((PosixSignal)12, 12),
    ];

    private readonly List<PosixSignalRegistration> _registrations = [];

    public SignalForwarder(Func<int, Task> kill)
    {
        foreach (var (signal, number) in Forwarded)
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                _ = ForwardAsync(kill, number);
            }));
        }
    }

    private static async Task ForwardAsync(Func<int, Task> kill, int number)
    {
        try { await kill(number); }
        catch (Exception e) when (e is Wharf.Api.Client.EngineApiException or IOException) { }
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
    }
}
