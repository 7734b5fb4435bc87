using System.Text.RegularExpressions;

namespace Wharf.Distribution.Server.Http;

/// <summary>The grammar of repository names and tags from the OCI Distribution Spec.</summary>
public static partial class RepositoryNames
{
    public const int MaxNameLength = 255;

    // Path components are lowercase alphanumerics joined by '.', '_', '__' or runs of '-'; so no
    // component can be "." or "..", and no name can leave its directory in the store.
    [GeneratedRegex(@"^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();

    public static bool IsValidName(string name) => name.Length is > 0 and <= MaxNameLength && NamePattern().IsMatch(name);

    public static bool IsValidTag(string tag) => TagPattern().IsMatch(tag);
}
