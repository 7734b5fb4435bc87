using Wharf.Api.Client;
using Wharf.Cli.Commands;

namespace Wharf.Cli.Containers;

/// <summary>docker run's exit status for a failed start, chosen from the error text: 127 not found, 126 not executable, else 125.</summary>
public static class StartFailure
{
    public static int StatusFor(string message)
    {
        if (message.Contains("executable file not found", StringComparison.Ordinal) ||
            message.Contains("no such file or directory", StringComparison.Ordinal)) return 127;
        if (message.Contains("permission denied", StringComparison.Ordinal) ||
            message.Contains("is a directory", StringComparison.Ordinal)) return 126;
        return 125;
    }

    public static CliStatusException From(EngineApiException e, string commandPath) =>
        new(StatusFor(e.Message), $"{CliSession.ProgramName}: Error response from daemon: {e.Message}\n\nRun '{CliSession.ProgramName} {commandPath} --help' for more information");
}
