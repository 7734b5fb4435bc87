namespace Wharf.Runtime.Setup;

/// <summary>Where the child looks for the program: args[0] itself if it has a slash, else each $PATH entry.</summary>
public static class PathSearch
{
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static IReadOnlyList<string> Candidates(string program, IEnumerable<string>? env)
    {
        if (program.Length == 0)
            throw new ContainerException("process.args[0] must not be empty");
        if (program.Contains('/'))
            return [program];
        var path = env?.LastOrDefault(e => e.StartsWith("PATH=", StringComparison.Ordinal))?[5..] ?? DefaultPath;
        return path.Split(':').Select(dir => (dir.Length == 0 ? "." : dir).TrimEnd('/') + "/" + program).ToList();
    }
}
