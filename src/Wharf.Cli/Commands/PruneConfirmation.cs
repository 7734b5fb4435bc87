namespace Wharf.Cli.Commands;

/// <summary>docker's "Are you sure you want to continue? [y/N]" prompt before pruning (skipped with -f).</summary>
public static class PruneConfirmation
{
    public static async Task<bool> AskAsync(CliSession session, string warning)
    {
        await session.Out.WriteAsync($"{warning}\nAre you sure you want to continue? [y/N] ");
        await session.Out.FlushAsync();
        using var reader = new StreamReader(session.StdinStream, leaveOpen: true);
        var answer = (await reader.ReadLineAsync())?.Trim().ToLowerInvariant();
        return answer is "y" or "yes";
    }
}
