using Wharf.Api.Client;
using Wharf.Cli.Commands;

namespace Wharf.Cli.Images;

/// <summary>Pulls an image through POST /images/create and shows the progress (used by pull, run and create).</summary>
public static class ImagePuller
{
    public static async Task PullAsync(CliSession session, EngineClient client, ImageReference reference, string? platform, TextWriter progress, bool quiet)
    {
        var tag = reference.Digest ?? reference.Tag;
        await using var response = await client.PullImageAsync(reference.Repository, tag, platform, RegistryAuth.HeaderFor(session.Config, reference));
        await ProgressPrinter.PrintAsync(response.Body, progress, quiet, ProgressPrinter.IsTerminal(session, progress));
    }
}
