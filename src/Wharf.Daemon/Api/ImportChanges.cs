using Wharf.Engine.Errors;
using Wharf.Oci.Image;

namespace Wharf.Daemon.Api;

/// <summary><c>docker import --change</c>: the Dockerfile instructions CMD, ENTRYPOINT, ENV, WORKDIR, USER, LABEL, EXPOSE.</summary>
public static class ImportChanges
{
    public static ContainerConfig? Parse(IReadOnlyList<string> changes)
    {
        if (changes.Count == 0) return null;
        var c = new ContainerConfig();
        foreach (var change in changes)
        {
            var text = change.Trim();
            int sp = text.IndexOfAny([' ', '\t']);
            if (sp < 0) throw EngineException.Invalid($"invalid change: {change}");
            string op = text[..sp].ToUpperInvariant(), arg = text[(sp + 1)..].Trim();
            switch (op)
            {
                case "CMD": c.Cmd = Command(arg); break;
                case "ENTRYPOINT": c.Entrypoint = Command(arg); break;
                case "ENV": (c.Env ??= []).Add(arg.Contains('=') ? arg : string.Join('=', arg.Split(' ', 2))); break;
                case "WORKDIR": c.WorkingDir = arg; break;
                case "USER": c.User = arg; break;
                case "LABEL": var kv = arg.Split('=', 2); (c.Labels ??= [])[kv[0]] = kv.Length > 1 ? kv[1].Trim('"') : ""; break;
                case "EXPOSE": (c.ExposedPorts ??= [])[arg.Contains('/') ? arg : arg + "/tcp"] = new EmptyObject(); break;
                case "STOPSIGNAL": c.StopSignal = arg; break;
                default: throw EngineException.Invalid($"{op} is not a valid change command");
            }
        }
        return c;
    }

    /// <summary>JSON array form <c>["a","b"]</c>, else shell form run by /bin/sh -c.</summary>
    private static List<string> Command(string arg)
    {
        if (arg.StartsWith('['))
            try { return System.Text.Json.JsonSerializer.Deserialize(arg, Wharf.Api.Models.ApiJson.Wire.ListString) ?? []; }
            catch (System.Text.Json.JsonException) { }
        return ["/bin/sh", "-c", arg];
    }
}
