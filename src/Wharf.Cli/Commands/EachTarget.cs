using Wharf.Api.Client;

namespace Wharf.Cli.Commands;

/// <summary>
/// docker's pattern for commands over several names (rm, stop, kill, pause…): act on each, print the name
/// on success, print each failure, and exit 1 if any failed.
/// </summary>
public static class EachTarget
{
    public static async Task<int> RunAsync(CliSession session, IEnumerable<string> targets, Func<EngineClient, string, Task> action, bool echo = true)
    {
        var client = await session.ClientAsync().ConfigureAwait(false);
        var failed = new List<string>();
        foreach (var target in targets)
        {
            try
            {
                await action(client, target).ConfigureAwait(false);
                if (echo) await session.Out.WriteLineAsync(target).ConfigureAwait(false);
            }
            catch (EngineApiException e)
            {
                failed.Add("Error response from daemon: " + e.Message);
            }
        }
        if (failed.Count == 0) return 0;
        await session.Out.FlushAsync().ConfigureAwait(false);
        throw new CliStatusException(1, string.Join('\n', failed));
    }
}
