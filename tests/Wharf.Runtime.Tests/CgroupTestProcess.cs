using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Wharf.Runtime.Tests;

/// <summary>
/// A busybox shell script for cgroup tests. It waits for one line on stdin before running, so a test can put it
/// in a cgroup first. Disposing kills it by PID.
/// </summary>
internal sealed partial class CgroupTestProcess : IDisposable
{
    private readonly Process _process;

    private CgroupTestProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public static bool IsRoot => GetEuid() == 0;

    /// <summary>Starts <c>busybox sh -c 'read _; SCRIPT'</c>.</summary>
    public static CgroupTestProcess Start(string script)
    {
        var info = new ProcessStartInfo("/bin/busybox")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        info.ArgumentList.Add("sh");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("read _; " + script);
        return new CgroupTestProcess(Process.Start(info)!);
    }

    /// <summary>Lets the script run past its <c>read</c>.</summary>
    public void Release()
    {
        _process.StandardInput.WriteLine("go");
        _process.StandardInput.Flush();
    }

    /// <summary>Waits for exit; returns (exit code, stdout, stderr).</summary>
    public (int ExitCode, string Stdout, string Stderr) WaitForExit(TimeSpan timeout)
    {
        var stdout = _process.StandardOutput.ReadToEndAsync();
        var stderr = _process.StandardError.ReadToEndAsync();
        if (!_process.WaitForExit(timeout))
            throw new TimeoutException($"pid {Pid} did not exit within {timeout}");
        return (_process.ExitCode, stdout.Result, stderr.Result);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill(_process.Id, 9);
            _process.WaitForExit(5000);
        }
        _process.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
