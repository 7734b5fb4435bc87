using Wharf.Oci.Runtime;
using Wharf.Runtime.Capabilities;

namespace Wharf.Runtime.Seccomp;

/// <summary>
/// Turns a Docker-format profile into the OCI profile for one container, the way dockerd does: keep the rules
/// whose <c>includes</c> hold (all listed capabilities present, this architecture listed, kernel new enough) and
/// whose <c>excludes</c> do not (no listed capability present, this architecture not listed).
/// </summary>
public static class DockerProfileResolver
{
    /// <summary>Go's name for this machine's architecture, which Docker profiles use in includes/excludes.</summary>
    public const string NativeGoArch = "amd64";

    /// <summary>libseccomp's name for this machine's architecture, which archMap uses.</summary>
    public const string NativeScmpArch = "SCMP_ARCH_X86_64";

    public static LinuxSeccomp Resolve(DockerSeccompProfile profile, IReadOnlyCollection<string> effectiveCaps,
        Version? kernel = null)
    {
        if (string.IsNullOrEmpty(profile.DefaultAction))
            throw new ArgumentException("seccomp profile has no defaultAction");
        if (profile.Architectures is { Count: > 0 } && profile.ArchMap is { Count: > 0 })
            throw new ArgumentException("seccomp profile: use either 'architectures' or 'archMap', not both");

        var caps = effectiveCaps.Select(CapabilityNames.Normalize).ToHashSet(StringComparer.Ordinal);
        kernel ??= Environment.OSVersion.Version;

        var result = new LinuxSeccomp
        {
            DefaultAction = profile.DefaultAction,
            DefaultErrnoRet = profile.DefaultErrnoRet,
            Architectures = Architectures(profile),
            Flags = profile.Flags,
            ListenerPath = string.IsNullOrEmpty(profile.ListenerPath) ? null : profile.ListenerPath,
            ListenerMetadata = string.IsNullOrEmpty(profile.ListenerMetadata) ? null : profile.ListenerMetadata,
            Syscalls = [],
        };

        foreach (var rule in profile.Syscalls ?? [])
        {
            if (!Applies(rule, caps, kernel))
                continue;
            var names = rule.Names is { Count: > 0 } ? rule.Names
                : !string.IsNullOrEmpty(rule.Name) ? [rule.Name]
                : throw new ArgumentException("seccomp profile: a syscall rule has neither 'name' nor 'names'");
            if (!string.IsNullOrEmpty(rule.Name) && rule.Names is { Count: > 0 })
                throw new ArgumentException("seccomp profile: a syscall rule has both 'name' and 'names'");
            result.Syscalls.Add(new LinuxSyscall
            {
                Names = [.. names], Action = rule.Action, ErrnoRet = rule.ErrnoRet, Args = rule.Args,
            });
        }
        return result;
    }

    private static List<string> Architectures(DockerSeccompProfile profile)
    {
        if (profile.Architectures is { Count: > 0 } listed)
            return [.. listed];
        var native = profile.ArchMap?.FirstOrDefault(a => a.Architecture == NativeScmpArch);
        return native is null ? [] : [native.Architecture, .. native.SubArchitectures ?? []];
    }

    private static bool Applies(DockerSyscallRule rule, HashSet<string> caps, Version kernel)
    {
        if (rule.Includes is { } inc)
        {
            if (inc.Arches is { Count: > 0 } && !inc.Arches.Contains(NativeGoArch))
                return false;
            if (inc.Caps is { Count: > 0 } && !inc.Caps.All(c => caps.Contains(CapabilityNames.Normalize(c))))
                return false;
            if (!string.IsNullOrEmpty(inc.MinKernel) && kernel < ParseKernel(inc.MinKernel))
                return false;
        }
        if (rule.Excludes is { } exc)
        {
            if (exc.Arches is { Count: > 0 } && exc.Arches.Contains(NativeGoArch))
                return false;
            if (exc.Caps is { Count: > 0 } && exc.Caps.Any(c => caps.Contains(CapabilityNames.Normalize(c))))
                return false;
            if (!string.IsNullOrEmpty(exc.MinKernel))
                throw new ArgumentException("seccomp profile: 'minKernel' is only valid in 'includes'");
        }
        return true;
    }

    /// <summary>"4.8" or "5.10.0-rc1" → 4.8 / 5.10.0.</summary>
    private static Version ParseKernel(string text)
    {
        var numeric = new string(text.TakeWhile(ch => char.IsDigit(ch) || ch == '.').ToArray()).Trim('.');
        return Version.TryParse(numeric.Contains('.') ? numeric : numeric + ".0", out var v)
            ? v
            : throw new ArgumentException($"seccomp profile: invalid minKernel \"{text}\"");
    }
}
