namespace Wharf.Images.Layers;

/// <summary>Bounds on what one layer may unpack to, against tar bombs.</summary>
public sealed record LayerLimits(long MaxTotalBytes, long MaxEntries, int MaxPathDepth)
{
    /// <summary>64 GiB, 4 million entries, 256 levels: far above real images, well below a disk-filling bomb.</summary>
    public static LayerLimits Default { get; } = new(64L << 30, 4_000_000, 256);
}
