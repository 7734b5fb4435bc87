using System.Runtime.InteropServices;

namespace Wharf.Cli.Terminal;

/// <summary>Sends the terminal size now and again on every SIGWINCH (container or exec resize endpoint).</summary>
public sealed class ResizeForwarder : IDisposable
{
    private readonly Func<int, int, Task> _resize;
    private readonly PosixSignalRegistration _registration;

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private ResizeForwarder(Func<int, int, Task> resize)
    {
        _resize = resize;
        _registration = PosixSignalRegistration.Create(PosixSignal.SIGWINCH, context => { _ = SendAsync(); });
    }

    /// <summary>Starts forwarding when stdout is a terminal; the first resize is retried like docker does (the process may still be starting).</summary>
    public static async Task<ResizeForwarder?> StartAsync(Func<int, int, Task> resize)
    {
        if (OperatingSystem.IsWindows() || Termios.Size(1) == null) return null;
        var forwarder = new ResizeForwarder(resize);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            if (await forwarder.SendAsync()) break;
            await Task.Delay(10 * (attempt + 1));
        }
        return forwarder;
    }

    private async Task<bool> SendAsync()
    {
        if (Termios.Size(1) is not { } size) return false;
        try
        {
            await _resize(size.Rows, size.Cols);
            return true;
        }
        catch (Exception e) when (e is Wharf.Api.Client.EngineApiException or IOException)
        {
            return false;
        }
    }

    public void Dispose() => _registration.Dispose();
}
