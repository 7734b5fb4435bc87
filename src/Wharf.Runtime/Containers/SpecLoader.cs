using System.Text.Json;
using Wharf.Oci.Runtime;

namespace Wharf.Runtime.Containers;

/// <summary>Reads a bundle's config.json and rejects what cannot work, naming the field or path.</summary>
public static class SpecLoader
{
    public static Spec Load(string bundle) => Load(bundle, out _);

    /// <summary>Also hands back the file's bytes, which the state file keeps as the container's config.</summary>
    public static Spec Load(string bundle, out byte[] json)
    {
        var path = Path.Combine(bundle, "config.json");
        try
        {
            json = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ContainerException($"open {path}: no such file or directory");
        }
        Spec? spec;
        try
        {
            spec = SpecReader.Read(json);
        }
        catch (JsonException e)
        {
            var line = e.LineNumber is { } n ? $" (line {n + 1})" : "";
            throw new ContainerException($"{path}: invalid JSON at {e.Path ?? "$"}{line}: {FirstSentence(e.Message)}");
        }
        if (spec is null) throw new ContainerException($"{path}: config is null");
        Validate(spec, bundle);
        return spec;
    }

    public static void Validate(Spec spec, string bundle)
    {
        if (string.IsNullOrEmpty(spec.OciVersion))
            throw new ContainerException("config.json: ociVersion is required");
        if (spec.Process is null)
            throw new ContainerException("config.json: process is required");
        if (spec.Process.Args is not { Count: > 0 })
            throw new ContainerException("config.json: process.args must not be empty");
        if (string.IsNullOrEmpty(spec.Root?.Path))
            throw new ContainerException("config.json: root.path is required");
        var rootfs = Setup.ContainerPlanner.RootfsPath(spec, bundle);
        if (!Directory.Exists(rootfs))
            throw new ContainerException($"rootfs ({rootfs}) does not exist");
        foreach (var ns in spec.Linux?.Namespaces ?? [])
            Setup.NamespaceFlags.Of(ns.Type);
        if (spec.Linux?.Namespaces?.GroupBy(n => n.Type).FirstOrDefault(g => g.Count() > 1) is { } dup)
            throw new ContainerException($"linux.namespaces: duplicate namespace type \"{dup.Key}\"");
        if (!string.IsNullOrEmpty(spec.Hostname) && spec.Linux?.Namespaces?.Any(n => n.Type == "uts" && string.IsNullOrEmpty(n.Path)) != true)
            throw new ContainerException("config.json: hostname needs a new uts namespace (linux.namespaces \"uts\")");
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }
}
