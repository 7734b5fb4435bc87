using Wharf.Oci.Runtime;
using Wharf.Runtime.Seccomp;
using Wharf.Runtime.Setup;

namespace Wharf.Runtime.Containers;

/// <summary>Compiles linux.seccomp with the seccomp compiler, into what a spawn plan installs.</summary>
internal static class SeccompGlue
{
    public static CompiledSeccomp? Compile(LinuxSeccomp? profile)
        => profile is null ? null : new CompiledSeccomp(SeccompCompiler.Compile(profile), SeccompCompiler.Flags(profile));
}
