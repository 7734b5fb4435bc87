using System.Diagnostics;
using System.Text;
using Wharf.Engine.Containers;
using Wharf.Engine.Errors;

namespace Wharf.Engine.Shims;

/// <summary>
/// Starts a wharf-shim for a container. The shim is started before the bundle is complete (<c>--await-bundle</c>),
/// so its process and runtime start-up overlap the rootfs mount and the spec; <see cref="LaunchingShim.CreateAsync"/>
/// then lets it run <c>runtime create</c> and waits for its ready line.
/// </summary>
public sealed class ShimLauncher(EngineOptions options, ContainerPaths paths)
{
    public string ShimPath => Path.Combine(options.BinDir, "wharf-shim");

    /// <summary>Starts the shim; it waits for <see cref="LaunchingShim.CreateAsync"/> (or exits when disposed first).</summary>
    public LaunchingShim Launch(ContainerRecord c)
    {
        var psi = new ProcessStartInfo(ShimPath)
        {
            RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        };
        foreach (var a in new[]
        {
            "run", "--id", c.Id, "--bundle", paths.Bundle(c.Id), "--runtime", c.RuntimePath, "--runtime-root", paths.RuntimeRoot,
            "--log", paths.Log(c.Id), "--socket", paths.ShimSocket(c.Id), "--exit-file", paths.ExitFile(c.Id), "--await-bundle",
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
        return new LaunchingShim(Process.Start(psi) ?? throw new EngineException(ErrorKind.System, "cannot start wharf-shim"));
    }
}
