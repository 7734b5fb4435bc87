using System.IO.Compression;
using Wharf.Oci.Image;

namespace Wharf.Images.Layers;

public enum Compression { None, Gzip, Zstd }

/// <summary>Opens layer streams as plain tar: by media type when known, else by magic number.</summary>
public static class Decompression
{
    /// <summary>The compression a layer media type declares; throws for media types that are not layers.</summary>
    public static Compression FromMediaType(string mediaType) => mediaType switch
    {
        MediaTypes.OciLayer or MediaTypes.DockerLayer or "application/vnd.oci.image.layer.nondistributable.v1.tar" => Compression.None,
        MediaTypes.OciLayerGzip or MediaTypes.DockerLayerGzip or MediaTypes.DockerForeignLayerGzip
            or "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip" => Compression.Gzip,
        MediaTypes.OciLayerZstd or "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd" => Compression.Zstd,
        _ => throw new Copy.UnsupportedMediaTypeException($"unsupported layer media type: {mediaType}"),
    };

    public static Stream Open(Stream compressed, Compression compression) => compression switch
    {
        Compression.Gzip => new GZipStream(compressed, CompressionMode.Decompress),
        Compression.Zstd => new ZstdSharp.DecompressionStream(compressed),
        _ => compressed,
    };

    /// <summary>Sniffs gzip (1f 8b) or zstd (28 b5 2f fd) and returns a stream of the plain tar.</summary>
    public static Stream OpenDetected(Stream input, out Compression compression)
    {
        var head = new byte[4];
        int n = 0;
        while (n < head.Length)
        {
            int r = input.Read(head, n, head.Length - n);
            if (r == 0) break;
            n += r;
        }
        compression = n >= 2 && head[0] == 0x1f && head[1] == 0x8b ? Compression.Gzip
            : n >= 4 && head[0] == 0x28 && head[1] == 0xb5 && head[2] == 0x2f && head[3] == 0xfd ? Compression.Zstd
            : Compression.None;
        return Open(new PrefixedStream(head, n, input), compression);
    }
}
