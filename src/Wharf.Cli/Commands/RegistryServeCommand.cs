using System.Diagnostics;
using Wharf.Cli.Flags;

namespace Wharf.Cli.Commands;

/// <summary>`registry serve|gc …`: runs wharf-registry from the CLI's own directory with the same arguments and stdio.</summary>
public sealed class RegistryServeCommand(string verb) : CliCommand
{
    public override string Name => verb;
    public override string Usage => "[wharf-registry OPTIONS]";
    public override string Description => verb == "serve" ? "Run a registry (wharf-registry serve)" : "Garbage-collect a registry's storage (wharf-registry gc)";

    protected override FlagSet BuildFlags() => new() { Interspersed = false };

    public override async Task<int> RunAsync(CliSession session, ParsedFlags flags)
    {
        var dir = System.IO.Path.GetDirectoryName(Environment.ProcessPath) ?? ".";
        var registry = System.IO.Path.Combine(dir, "wharf-registry");
        if (!File.Exists(registry)) throw new CliStatusException(1, $"wharf-registry not found next to wharf (looked for {registry})");
        var start = new ProcessStartInfo(registry) { UseShellExecute = false };
        start.ArgumentList.Add(verb);
        foreach (var a in flags.Args) start.ArgumentList.Add(a);
        await session.Out.FlushAsync();
        using var child = Process.Start(start) ?? throw new CliStatusException(1, $"cannot start {registry}");
        // the registry handles SIGINT/SIGTERM itself; keep wharf alive until it has shut down
        using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, c => c.Cancel = true);
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            try { Process.GetProcessById(child.Id).Kill(false); } catch (ArgumentException) { }
        });
        await child.WaitForExitAsync();
        return child.ExitCode;
    }
}
