using System.Diagnostics;
using Wharf.Engine.Containers;
using Wharf.Engine.Errors;

namespace Wharf.Engine.Shims;

/// <summary>Starts a wharf-shim for a container and waits for its ready line (after <c>runtime create</c>).</summary>
public sealed class ShimLauncher(EngineOptions options, ContainerPaths paths)
{
    public string ShimPath => Path.Combine(options.BinDir, "wharf-shim");

    /// <summary>Returns the container's init PID; throws with the runtime's error when create failed.</summary>
    public async Task<int> LaunchAsync(ContainerRecord c, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(ShimPath) { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in new[]
        {
            "run", "--id", c.Id, "--bundle", paths.Bundle(c.Id), "--runtime", c.RuntimePath, "--runtime-root", paths.RuntimeRoot,
            "--log", paths.Log(c.Id), "--socket", paths.ShimSocket(c.Id), "--exit-file", paths.ExitFile(c.Id),
        }) psi.ArgumentList.Add(a);
        // One malloc arena instead of one per thread: each arena keeps a few dirty pages, in every shim.
        psi.Environment["MALLOC_ARENA_MAX"] = "1";
        if (c.Config.Tty) psi.ArgumentList.Add("--tty");
        if (c.Config.OpenStdin) psi.ArgumentList.Add("--stdin");
        if (c.Config.StdinOnce) psi.ArgumentList.Add("--stdin-once");
        if (c.HostConfig.ConsoleSize is [int h, int w] && h > 0)
        {
            psi.ArgumentList.Add("--rows"); psi.ArgumentList.Add(h.ToString());
            psi.ArgumentList.Add("--cols"); psi.ArgumentList.Add(w.ToString());
        }
        using var shim = Process.Start(psi) ?? throw new EngineException(ErrorKind.System, "cannot start wharf-shim");
        shim.StandardInput.Close();
        var line = await shim.StandardOutput.ReadLineAsync(ct);
        if (line is not null && line.StartsWith("ok ", StringComparison.Ordinal)) return int.Parse(line[3..]);
        await shim.WaitForExitAsync(ct);
        string message = line is not null && line.StartsWith("error ", StringComparison.Ordinal) ? line[6..] : $"wharf-shim exited with {shim.ExitCode}";
        throw new EngineException(ErrorKind.System, "failed to create task for container: OCI runtime create failed: " + message + ": unknown");
    }
}
