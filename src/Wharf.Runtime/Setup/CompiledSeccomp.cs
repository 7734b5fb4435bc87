namespace Wharf.Runtime.Setup;

/// <summary>A seccomp filter ready for seccomp(SECCOMP_SET_MODE_FILTER): BPF program and filter flags.</summary>
public sealed record CompiledSeccomp(byte[] Program, uint Flags);
