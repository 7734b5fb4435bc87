namespace Wharf.Runtime;

/// <summary>
/// A runtime-level error that is not one failed syscall: unknown or duplicate container ids, a bad
/// config.json field, a program that is not found. Messages follow runc's wording.
/// </summary>
public sealed class ContainerException(string message, Exception? inner = null) : Exception(message, inner);
