using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Wharf.Distribution.Tests;

/// <summary>A temp dir per test plus helpers to run peer tools (skopeo, umoci) and make a busybox rootfs tar.</summary>
public sealed class Scratch : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("wharf-dist-").FullName;

    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    public static string Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {stderr.Result}");
        return stdout.Result;
    }

    public string BusyboxTar()
    {
        string tar = Sub("rootfs.tar");
        Run(System.IO.Path.Combine(RepoRoot(), "scripts", "make-busybox-rootfs.sh"), "--tar", tar);
        return tar;
    }

    private static string RepoRoot([CallerFilePath] string self = "")
    {
        for (var dir = new DirectoryInfo(System.IO.Path.GetDirectoryName(self)!); dir != null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Wharf.sln"))) return dir.FullName;
        throw new InvalidOperationException("repository root not found");
    }

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
