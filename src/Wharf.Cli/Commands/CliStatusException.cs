namespace Wharf.Cli.Commands;

/// <summary>Ends a command with a message on stderr and a chosen exit status (docker's cli.StatusError).</summary>
public sealed class CliStatusException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
