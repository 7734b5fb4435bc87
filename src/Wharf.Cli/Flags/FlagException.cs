namespace Wharf.Cli.Flags;

/// <summary>Bad command-line input: docker prints it with the usage line and exits 125.</summary>
public sealed class FlagException(string message) : Exception(message);
