using Wharf.Cli.Terminal;

namespace Wharf.Cli.Commands;

/// <summary>Where save/export write their tar: -o FILE (written to a temp file, then renamed), or stdout unless it is a terminal.</summary>
public static class TarOutput
{
    public static async Task WriteAsync(CliSession session, string? file, Stream tar, string what)
    {
        if (file == null)
        {
            if (Termios.IsTerminal(1))
                throw new CliStatusException(1, $"cowardly refusing to save to a terminal. Use the -o flag or redirect");
            await tar.CopyToAsync(session.StdoutStream);
            await session.StdoutStream.FlushAsync();
            return;
        }
        var temp = file + ".wharf-tmp";
        try
        {
            await using (var output = File.Create(temp))
            {
                await tar.CopyToAsync(output);
                output.Flush(flushToDisk: true);
            }
            File.Move(temp, file, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temp);
            throw new CliStatusException(1, $"failed to save {what}: {e.Message}");
        }
    }
}
