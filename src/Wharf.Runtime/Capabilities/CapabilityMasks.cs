using Wharf.Oci.Runtime;

namespace Wharf.Runtime.Capabilities;

/// <summary>The five capability sets of an OCI process as bit masks (bit n = capability n).</summary>
public readonly record struct CapabilityMasks(
    ulong Bounding, ulong Effective, ulong Permitted, ulong Inheritable, ulong Ambient)
{
    /// <summary>Masks for <paramref name="caps"/>; unknown names throw <c>unknown capability "CAP_X"</c>.</summary>
    public static CapabilityMasks From(LinuxCapabilities? caps)
        => caps is null
            ? default
            : new(CapabilityNames.ToMask(caps.Bounding), CapabilityNames.ToMask(caps.Effective),
                CapabilityNames.ToMask(caps.Permitted), CapabilityNames.ToMask(caps.Inheritable),
                CapabilityNames.ToMask(caps.Ambient));

    /// <summary>Capabilities numbered 0..lastCap that are not in the bounding set: drop each with PR_CAPBSET_DROP.</summary>
    public IReadOnlyList<int> BoundingToDrop(int lastCap)
    {
        var drops = new List<int>();
        for (var n = 0; n <= lastCap && n < 64; n++)
            if ((Bounding & (1UL << n)) == 0)
                drops.Add(n);
        return drops;
    }

    /// <summary>Capabilities to raise with PR_CAP_AMBIENT_RAISE, lowest first.</summary>
    public IReadOnlyList<int> AmbientToRaise()
    {
        var raise = new List<int>();
        for (var n = 0; n < 64; n++)
            if ((Ambient & (1UL << n)) != 0)
                raise.Add(n);
        return raise;
    }

    /// <summary>The <c>capset(2)</c> argument for these sets.</summary>
    public CapsetData ToCapsetData() => CapsetData.From(Effective, Permitted, Inheritable);
}
