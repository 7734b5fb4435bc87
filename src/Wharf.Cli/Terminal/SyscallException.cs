namespace Wharf.Cli.Terminal;

/// <summary>A failed system call, named with what it acted on and errno (the project's one error shape for syscalls).</summary>
public sealed class SyscallException(string call, string target, int errno)
    : IOException($"{call} {target}: {new System.ComponentModel.Win32Exception(errno).Message} (errno {errno})")
{
    public string Call { get; } = call;
    public int Errno { get; } = errno;
}
