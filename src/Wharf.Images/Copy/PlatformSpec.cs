using System.Runtime.InteropServices;
using Wharf.Oci.Image;

namespace Wharf.Images.Copy;

/// <summary>An os/arch[/variant] wanted from a multi-platform index (<c>--platform</c>), defaulting to the host.</summary>
public sealed record PlatformSpec(string Os, string Architecture, string? Variant)
{
    public static PlatformSpec Host { get; } = new("linux", RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        System.Runtime.InteropServices.Architecture.Arm => "arm",
        System.Runtime.InteropServices.Architecture.X86 => "386",
        System.Runtime.InteropServices.Architecture.S390x => "s390x",
        System.Runtime.InteropServices.Architecture.Ppc64le => "ppc64le",
        _ => "amd64",
    }, null);

    public static PlatformSpec Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Host;
        var parts = text.Trim().ToLowerInvariant().Split('/');
        return parts.Length switch
        {
            1 => Host with { Os = parts[0] },
            2 => new(parts[0], Normalize(parts[1]), null),
            3 => new(parts[0], Normalize(parts[1]), parts[2]),
            _ => throw new FormatException($"invalid platform \"{text}\": expected os[/arch[/variant]]"),
        };
    }

    private static string Normalize(string arch) => arch switch { "x86_64" or "x86-64" => "amd64", "aarch64" => "arm64", _ => arch };

    public bool Matches(Platform? p) =>
        p is not null && p.Os == Os && p.Architecture == Architecture
        && (Variant is null || p.Variant == Variant || (Variant == "v8" && p.Variant is null && Architecture == "arm64"));

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";
}
