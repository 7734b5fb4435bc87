using System.Runtime.CompilerServices;

namespace Wharf.Images.Tests;

/// <summary>The repository found from this source file's path: RepoPaths looks upward from the test binaries,
/// which is not the repository when tests are built with --artifacts-path elsewhere.</summary>
public static class SourceTree
{
    public static string Root { get; } = FindRoot();

    public static string Script(string name) => Path.Combine(Root, "scripts", name);

    private static string FindRoot([CallerFilePath] string self = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(self)!); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Wharf.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (Wharf.sln)");
    }
}
