namespace Wharf.Runtime.Setup;

/// <summary>RLIMIT_* names as config.json spells them, and their resource numbers (asm-generic/resource.h).</summary>
public static class Rlimits
{
    private static readonly string[] Names =
    [
        "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_CORE", "RLIMIT_RSS", "RLIMIT_NPROC",
        "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS", "RLIMIT_LOCKS", "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE",
        "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME",
    ];

    public static int Resource(string name)
    {
        var index = Array.IndexOf(Names, name);
        return index >= 0 ? index : throw new ContainerException($"process.rlimits: unknown rlimit type \"{name}\"");
    }
}
