using System.Diagnostics;
using Wharf.Engine.Errors;

namespace Wharf.Engine.Shims;

/// <summary>
/// A shim started with <c>--await-bundle</c>: it waits on its stdin for "create". Disposing it without
/// <see cref="CreateAsync"/> closes that pipe, and the shim exits without creating anything.
/// </summary>
public sealed class LaunchingShim(Process shim) : IDisposable
{
    /// <summary>The bundle is complete: the shim runs <c>runtime create</c>. Returns the container's init PID; throws
    /// with the runtime's error when create failed.</summary>
    public async Task<int> CreateAsync(CancellationToken ct)
    {
        try
        {
            await shim.StandardInput.WriteAsync("create\n");
            shim.StandardInput.Close();
        }
        catch (IOException) { } // the shim died before it was told: its exit status below says so
        var line = await shim.StandardOutput.ReadLineAsync(ct);
        if (line is not null && line.StartsWith("ok ", StringComparison.Ordinal)) return int.Parse(line[3..]);
        await shim.WaitForExitAsync(ct);
        string message = line is not null && line.StartsWith("error ", StringComparison.Ordinal) ? line[6..] : $"wharf-shim exited with {shim.ExitCode}";
        throw new EngineException(ErrorKind.System, "failed to create task for container: OCI runtime create failed: " + message + ": unknown");
    }

    public void Dispose()
    {
        try { shim.StandardInput.Close(); }
        catch (IOException) { } // the shim is gone already (or "create" never got through)
        shim.Dispose();
    }
}
