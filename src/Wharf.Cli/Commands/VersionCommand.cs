using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Wharf.Api.Client;
using Wharf.Cli.Flags;
using Wharf.Cli.Templates;

namespace Wharf.Cli.Commands;

/// <summary>`version [--format]`: client facts, then the daemon's /version.</summary>
public sealed class VersionCommand : CliCommand
{
    public override string Name => "version";
    public override string Usage => "[OPTIONS]";
    public override string Description => "Show the Wharf version information";
    public override int MaxArgs => 0;

    private const string DefaultTemplate = """
        Client:
         Version:           {{.Client.Version}}
         API version:       {{.Client.ApiVersion}}{{if ne .Client.ApiVersion .Client.DefaultAPIVersion}} (downgraded from {{.Client.DefaultAPIVersion}}){{end}}
         Go version:        {{.Client.GoVersion}}
         Git commit:        {{.Client.GitCommit}}
         Built:             {{.Client.BuildTime}}
         OS/Arch:           {{.Client.Os}}/{{.Client.Arch}}
         Context:           {{.Client.Context}}
        {{- if .Server}}

        Server:{{if .Server.Platform.Name}} {{.Server.Platform.Name}}{{end}}
         Engine:
          Version:          {{.Server.Version}}
          API version:      {{.Server.ApiVersion}} (minimum version {{.Server.MinAPIVersion}})
          Go version:       {{.Server.GoVersion}}
          Git commit:       {{.Server.GitCommit}}
          Built:            {{.Server.BuildTime}}
          OS/Arch:          {{.Server.Os}}/{{.Server.Arch}}
          Experimental:     {{.Server.Experimental}}
        {{- range .Server.Components}}{{if ne .Name "Engine"}}
         {{.Name}}:
          Version:          {{.Version}}
        {{- end}}{{end}}
        {{- end}}
        """;

    protected override FlagSet BuildFlags() => new FlagSet().Value("format", 'f', "Format output using a custom template");

    public override async Task<int> RunAsync(CliSession session, ParsedFlags flags)
    {
        var format = flags.Get("format");
        var template = GoTemplate.Parse(format == "json" ? "{{json .}}" : format ?? DefaultTemplate);
        JsonDocument? server = null;
        Exception? failure = null;
        string apiVersion = EngineClient.MaxApiVersion;
        try
        {
            var client = await session.ClientAsync();
            apiVersion = client.ApiVersion;
            server = await client.VersionAsync();
        }
        catch (Exception e) when (e is EngineApiException or EngineConnectionException)
        {
            failure = e;
        }
        using var doc = JsonDocument.Parse(Combine(session, apiVersion, server));
        await session.Out.WriteLineAsync(template.Execute(doc.RootElement));
        server?.Dispose();
        if (failure == null) return 0;
        await session.Out.FlushAsync();
        throw new CliStatusException(1, failure is EngineApiException ? "Error response from daemon: " + failure.Message : failure.Message);
    }

    private static byte[] Combine(CliSession session, string apiVersion, JsonDocument? server)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("Client");
            w.WriteString("Platform", "");
            w.WriteString("Version", CliApp.Version);
            w.WriteString("ApiVersion", apiVersion);
            w.WriteString("DefaultAPIVersion", EngineClient.MaxApiVersion);
            w.WriteString("GitCommit", "n/a");
            w.WriteString("GoVersion", ".NET " + Environment.Version);
            w.WriteString("Os", "linux");
            w.WriteString("Arch", RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "amd64");
            w.WriteString("BuildTime", File.GetLastWriteTimeUtc(Environment.ProcessPath ?? "/").ToString("ddd MMM d HH:mm:ss yyyy", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("Context", session.Options.Parsed.Get("context") ?? "default");
            w.WriteEndObject();
            if (server != null)
            {
                w.WritePropertyName("Server");
                server.RootElement.WriteTo(w);
            }
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
