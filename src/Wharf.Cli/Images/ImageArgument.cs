using Wharf.Cli.Commands;

namespace Wharf.Cli.Images;

/// <summary>The NAME[:TAG|@DIGEST] argument of pull and push: a bad name exits 1; without a tag or digest, and
/// unless --all-tags, it means ":latest", announced the way docker does.</summary>
public static class ImageArgument
{
    public static async Task<ImageReference> ParseAsync(CliSession session, string text, bool allTags, bool quiet)
    {
        ImageReference reference;
        try { reference = ImageReference.Parse(text); }
        catch (FormatException e) { throw new CliStatusException(1, e.Message); }
        if (allTags || reference.Tag != null || reference.Digest != null) return reference;
        if (!quiet) await session.Out.WriteLineAsync("Using default tag: latest");
        return reference.WithDefaultTag();
    }
}
