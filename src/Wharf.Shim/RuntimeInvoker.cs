using System.Diagnostics;

namespace Wharf.Shim;

/// <summary>Runs the OCI runtime binary with runc's command-line shape: <c>RUNTIME --root DIR cmd args…</c>.</summary>
internal sealed class RuntimeInvoker(string runtime, string root)
{
    /// <summary>Starts a runtime command with all three stdio streams as pipes (which a non-tty container inherits).</summary>
    public Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo(runtime)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("--root");
        psi.ArgumentList.Add(root);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {runtime}");
    }

    /// <summary>Runs a command to completion; returns (exit code, stderr+stdout text).</summary>
    public (int Code, string Output) Run(params string[] args)
    {
        using var p = Start(args);
        p.StandardInput.Close();
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, (err.Result + output).Trim());
    }

    /// <summary>The runtime's error text, trimmed of its log decoration (runc prints <c>time=… level=error msg="…"</c>).</summary>
    public static string CleanError(string text)
    {
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Reverse())
        {
            int msg = line.IndexOf("msg=\"", StringComparison.Ordinal);
            if (msg >= 0)
            {
                var m = line[(msg + 5)..];
                int end = m.LastIndexOf('"');
                return (end > 0 ? m[..end] : m).Replace("\\\"", "\"");
            }
        }
        return text.Trim();
    }
}
