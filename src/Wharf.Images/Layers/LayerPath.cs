namespace Wharf.Images.Layers;

/// <summary>Turns a tar entry name into clean relative components, refusing absolute names and "..".</summary>
internal static class LayerPath
{
    public static string[] Split(string name, LayerLimits limits)
    {
        if (name.StartsWith('/')) throw new LayerRejectedException($"refusing absolute path in layer: {name}");
        if (name.Contains('\0')) throw new LayerRejectedException("refusing path with a NUL byte in layer");
        var parts = new List<string>();
        foreach (var part in name.Split('/'))
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == "..") throw new LayerRejectedException($"refusing path escaping the root in layer: {name}");
            parts.Add(part);
        }
        if (parts.Count > limits.MaxPathDepth) throw new LayerRejectedException($"refusing path deeper than {limits.MaxPathDepth} levels: {name}");
        return [.. parts];
    }
}
