using System.Text.Json;
using Wharf.Cli.Flags;
using Wharf.Cli.Templates;

namespace Wharf.Cli.Commands;

/// <summary>`info [--format]`: the daemon's /info, laid out like docker's.</summary>
public sealed class InfoCommand : CliCommand
{
    public override string Name => "info";
    public override string Usage => "[OPTIONS]";
    public override string Description => "Display system-wide information";
    public override int MaxArgs => 0;

    private const string ServerTemplate = """
        Server:
         Containers: {{.Containers}}
          Running: {{.ContainersRunning}}
          Paused: {{.ContainersPaused}}
          Stopped: {{.ContainersStopped}}
         Images: {{.Images}}
         Server Version: {{.ServerVersion}}
         Storage Driver: {{.Driver}}
         Logging Driver: {{.LoggingDriver}}
         Cgroup Driver: {{.CgroupDriver}}
         Cgroup Version: {{.CgroupVersion}}
        {{- if .Runtimes}}
         Runtimes:{{range $name, $r := .Runtimes}} {{$name}}{{end}}
         Default Runtime: {{.DefaultRuntime}}
        {{- end}}
         Kernel Version: {{.KernelVersion}}
         Operating System: {{.OperatingSystem}}
         OSType: {{.OSType}}
         Architecture: {{.Architecture}}
         CPUs: {{.NCPU}}
         Total Memory: {{.MemTotal}}
         Name: {{.Name}}
         ID: {{.ID}}
         Docker Root Dir: {{.DockerRootDir}}
         Debug Mode: {{.Debug}}
         Experimental: {{.ExperimentalBuild}}
         Live Restore Enabled: {{.LiveRestoreEnabled}}
        """;

    protected override FlagSet BuildFlags() => new FlagSet().Value("format", 'f', "Format output using a custom template");

    public override async Task<int> RunAsync(CliSession session, ParsedFlags flags)
    {
        var format = flags.Get("format");
        var custom = format == null ? null : GoTemplate.Parse(format == "json" ? "{{json .}}" : format);
        var client = await session.ClientAsync();
        using var info = await client.InfoAsync();
        if (custom != null)
        {
            await session.Out.WriteLineAsync(custom.Execute(info.RootElement));
            return 0;
        }
        await session.Out.WriteLineAsync($"Client:\n Version:    {CliApp.Version}\n Context:    {session.Options.Parsed.Get("context") ?? "default"}\n Debug Mode: {(session.Options.Debug ? "true" : "false")}\n");
        var text = GoTemplate.Parse(ServerTemplate).Execute(info.RootElement);
        if (info.RootElement.TryGetProperty("MemTotal", out var mem) && mem.TryGetInt64(out var bytes))
            text = text.Replace($"Total Memory: {bytes}", $"Total Memory: {BinarySize(bytes)}", StringComparison.Ordinal);
        await session.Out.WriteLineAsync(text);
        return 0;
    }

    /// <summary>units.BytesSize: binary units with two decimals, e.g. "23.47GiB".</summary>
    private static string BinarySize(double size)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        var i = 0;
        while (size >= 1024 && i < units.Length - 1) { size /= 1024; i++; }
        return Formatting.HumanUnits.FormatG(size, 4) + units[i];
    }
}
