namespace Wharf.Runtime.Capabilities;

/// <summary>
/// Computes a container's capability list from a baseline and <c>--cap-add</c>/<c>--cap-drop</c>, with
/// Docker's rules: adding ALL grants every supported capability except those dropped; dropping ALL keeps
/// only what is added; otherwise drops apply to the baseline and adds are appended.
/// </summary>
public static class CapabilitySet
{
    public static IReadOnlyList<string> Resolve(
        IEnumerable<string>? add,
        IEnumerable<string>? drop,
        bool privileged = false,
        IEnumerable<string>? baseline = null)
        => Resolve(add, drop, privileged, baseline, CapabilityNames.Supported);

    /// <summary>As above, with the kernel's supported list supplied by the caller (for tests).</summary>
    public static IReadOnlyList<string> Resolve(
        IEnumerable<string>? add,
        IEnumerable<string>? drop,
        bool privileged,
        IEnumerable<string>? baseline,
        Func<IReadOnlyList<string>> supported)
    {
        var adds = NormalizeAll(add);
        var drops = NormalizeAll(drop);
        var basics = baseline?.Select(CapabilityNames.Normalize).ToList() ?? [.. CapabilityNames.DockerDefaults];

        IEnumerable<string> result;
        if (privileged)
            result = supported();
        else if (adds.Contains("ALL"))
            result = supported().Where(c => !drops.Contains(c));
        else if (drops.Contains("ALL"))
            result = adds;
        else
            result = basics.Where(c => !drops.Contains(c)).Concat(adds);

        return result.Distinct(StringComparer.Ordinal).ToArray();
    }

    private static List<string> NormalizeAll(IEnumerable<string>? names)
        => names?.Where(n => !string.IsNullOrWhiteSpace(n)).Select(CapabilityNames.Normalize).ToList() ?? [];
}
