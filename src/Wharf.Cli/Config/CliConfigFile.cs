using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.Cli.Config;

/// <summary>
/// The docker client's config.json (in --config, $DOCKER_CONFIG or ~/.docker): credentials under "auths",
/// "currentContext", "psFormat", "imagesFormat", "detachKeys". Unknown keys are kept when it is rewritten.
/// </summary>
public sealed class CliConfigFile
{
    private readonly JsonObject _root;

    public string Directory { get; }
    public string FilePath => Path.Combine(Directory, "config.json");

    private CliConfigFile(string directory, JsonObject root)
    {
        Directory = directory;
        _root = root;
    }

    public static string DefaultDirectory(string? flag)
    {
        if (!string.IsNullOrEmpty(flag)) return flag;
        if (Environment.GetEnvironmentVariable("DOCKER_CONFIG") is { Length: > 0 } env) return env;
        var home = Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } h ? h : "/root";
        return Path.Combine(home, ".docker");
    }

    public static CliConfigFile Load(string directory)
    {
        var path = Path.Combine(directory, "config.json");
        JsonObject root = [];
        if (File.Exists(path))
        {
            try
            {
                root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? [];
            }
            catch (JsonException e)
            {
                throw new InvalidOperationException($"loading config file: {path}: {e.Message}");
            }
        }
        return new CliConfigFile(directory, root);
    }

    public string? CurrentContext => String("currentContext");
    public string? PsFormat => String("psFormat");
    public string? ImagesFormat => String("imagesFormat");
    public string? DetachKeys => String("detachKeys");

    private string? String(string key) => _root[key] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    /// <summary>Stored credentials for a registry key (e.g. "https://index.docker.io/v1/" or "localhost:5000").</summary>
    public (string User, string Password)? GetAuth(string registry)
    {
        if (_root["auths"] is not JsonObject auths || auths[registry] is not JsonObject entry) return null;
        if (entry["auth"] is JsonValue a && a.TryGetValue<string>(out var encoded) && encoded.Length > 0)
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            var colon = text.IndexOf(':');
            if (colon > 0) return (text[..colon], text[(colon + 1)..]);
        }
        return null;
    }

    public void SetAuth(string registry, string user, string password)
    {
        if (_root["auths"] is not JsonObject auths) _root["auths"] = auths = [];
        auths[registry] = new JsonObject { ["auth"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")) };
    }

    public bool RemoveAuth(string registry) => _root["auths"] is JsonObject auths && auths.Remove(registry);

    /// <summary>Writes config.json atomically (temp file, fsync, rename) with mode 0600 since it holds credentials.</summary>
    public void Save()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var temp = FilePath + ".tmp" + Environment.ProcessId;
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temp, options))
        {
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
                _root.WriteTo(writer);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, FilePath, overwrite: true);
    }
}
