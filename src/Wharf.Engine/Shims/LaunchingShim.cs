using System.Diagnostics;
using System.Text;
using Wharf.Engine.Errors;

namespace Wharf.Engine.Shims;

/// <summary>
/// A shim started with <c>--await-bundle</c>: it waits on its stdin for "create" and the container's arguments
/// (<paramref name="createArguments"/>, for a shim started without them). Disposing it without
/// <see cref="CreateAsync"/> closes that pipe, and the shim exits without creating anything.
/// <paramref name="onDisposed"/> runs once it is disposed (the launcher readies the next spare then).
/// </summary>
public sealed class LaunchingShim(Process shim, IReadOnlyList<string> createArguments, Action? onDisposed = null) : IDisposable
{
    public LaunchingShim(Process shim) : this(shim, []) { }

    public int Pid => shim.Id;

    /// <summary>The bundle is complete: the shim runs <c>runtime create</c>. Returns the container's init PID; throws
    /// with the runtime's error when create failed.</summary>
    public async Task<int> CreateAsync(CancellationToken ct)
    {
        try
        {
            await shim.StandardInput.WriteAsync(CreateLine(createArguments));
            shim.StandardInput.Close();
        }
        catch (IOException) { } // the shim died before it was told: its exit status below says so
        var line = await shim.StandardOutput.ReadLineAsync(ct);
        if (line is not null && line.StartsWith("ok ", StringComparison.Ordinal)) return int.Parse(line[3..]);
        await shim.WaitForExitAsync(ct);
        string message = line is not null && line.StartsWith("error ", StringComparison.Ordinal) ? line[6..] : $"wharf-shim exited with {shim.ExitCode}";
        throw new EngineException(ErrorKind.System, "failed to create task for container: OCI runtime create failed: " + message + ": unknown");
    }

    /// <summary>"create", each argument after a NUL, then a newline (the shim's BundleGate).</summary>
    public static string CreateLine(IReadOnlyList<string> arguments)
    {
        var line = new StringBuilder("create");
        foreach (var a in arguments)
        {
            if (a.Contains('\0') || a.Contains('\n')) throw new EngineException(ErrorKind.System, $"shim argument {a} holds a NUL or newline");
            line.Append('\0').Append(a);
        }
        return line.Append('\n').ToString();
    }

    public void Dispose()
    {
        try { shim.StandardInput.Close(); }
        catch (IOException) { } // the shim is gone already (or "create" never got through)
        shim.Dispose();
        onDisposed?.Invoke();
    }
}
