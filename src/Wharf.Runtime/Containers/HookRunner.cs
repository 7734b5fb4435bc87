using System.Diagnostics;
using System.Text.Json;
using Wharf.Oci.Runtime;

namespace Wharf.Runtime.Containers;

/// <summary>Runs OCI hooks: each gets the container's state JSON on stdin and must exit 0 within its timeout.</summary>
public static class HookRunner
{
    public static void Run(string stage, IReadOnlyList<Hook>? hooks, State state)
    {
        if (hooks is null) return;
        var json = JsonSerializer.Serialize(state, RuntimeJson.Default.State);
        foreach (var hook in hooks)
            RunOne(stage, hook, json);
    }

    private static void RunOne(string stage, Hook hook, string stateJson)
    {
        var info = new ProcessStartInfo(hook.Path)
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (hook.Args ?? []).Skip(1)) info.ArgumentList.Add(arg);
        if (hook.Env is not null)
        {
            info.Environment.Clear();
            foreach (var kv in hook.Env)
            {
                var eq = kv.IndexOf('=');
                if (eq > 0) info.Environment[kv[..eq]] = kv[(eq + 1)..];
            }
        }
        using var process = System.Diagnostics.Process.Start(info)
            ?? throw new ContainerException($"{stage} hook {hook.Path}: could not start");
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            process.StandardInput.Write(stateJson);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // A hook that does not read its stdin is fine.
        }
        var timeout = hook.Timeout is > 0 ? TimeSpan.FromSeconds(hook.Timeout.Value) : Timeout.InfiniteTimeSpan;
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new ContainerException($"{stage} hook {hook.Path}: timed out after {hook.Timeout}s");
        }
        if (process.ExitCode != 0)
            throw new ContainerException($"{stage} hook {hook.Path}: exit status {process.ExitCode}: {stderr.Result.Trim()}");
    }
}
