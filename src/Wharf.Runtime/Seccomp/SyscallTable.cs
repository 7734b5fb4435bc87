namespace Wharf.Runtime.Seccomp;

/// <summary>Syscall names → numbers for each x86 ABI (the tables live in SyscallTable.g.cs).</summary>
internal static partial class SyscallTable
{
    /// <summary>The look-up tables, in a nested class so they are built after the generated arrays exist
    /// (static field order across partial files is not defined).</summary>
    private static class Index
    {
        public static readonly Dictionary<string, int> X86_64 = X86_64Entries.ToDictionary(e => e.Name, e => e.Number);
        public static readonly Dictionary<string, int> I386 = I386Entries.ToDictionary(e => e.Name, e => e.Number);
        public static readonly Dictionary<string, int> X32 = X32Entries.ToDictionary(e => e.Name, e => e.Number);
        public static readonly HashSet<string> Elsewhere = [.. OtherArchNames];
    }

    /// <summary>The number seccomp_data.nr carries for <paramref name="name"/> on <paramref name="arch"/>, x32 bit included.</summary>
    public static int? Number(SeccompArch arch, string name) => arch switch
    {
        SeccompArch.X86_64 => Index.X86_64.TryGetValue(name, out var n) ? n : null,
        SeccompArch.X86 => Index.I386.TryGetValue(name, out var n) ? n : null,
        SeccompArch.X32 => Index.X32.TryGetValue(name, out var n) ? (int)(n | SeccompArchs.X32SyscallBit) : null,
        _ => null,
    };

    /// <summary>True when some architecture defines <paramref name="name"/>.</summary>
    public static bool IsKnown(string name)
        => Index.X86_64.ContainsKey(name) || Index.I386.ContainsKey(name) || Index.X32.ContainsKey(name)
           || Index.Elsewhere.Contains(name);
}
