namespace Wharf.TestSupport;

/// <summary>Where the repository and its built binaries are, for tests that run the real programs.</summary>
public static class RepoPaths
{
    /// <summary>The repository root: the first parent folder holding Wharf.sln.</summary>
    public static string Root => s_root ??= FindRoot();

    // Found on first use, so that tests given WHARF_BIN still run from build outputs outside the repository.
    private static string? s_root;

    /// <summary>The built binaries: $WHARF_BIN, else out/bin under the root (made by ./build.sh).</summary>
    public static string Bin => Environment.GetEnvironmentVariable("WHARF_BIN") is { Length: > 0 } b ? b : Path.Combine(Root, "out", "bin");

    public static string Binary(string name) => Path.Combine(Bin, name);

    public static string Script(string name) => Path.Combine(Root, "scripts", name);

    private static string FindRoot([System.Runtime.CompilerServices.CallerFilePath] string thisSourceFile = "")
    {
        if (Environment.GetEnvironmentVariable("WHARF_ROOT") is { Length: > 0 } explicitRoot) return explicitRoot;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Wharf.sln"))) return dir.FullName;
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Wharf.sln"))) return dir.FullName;
        // Built outside the repository (--artifacts-path /tmp/…): this file's own compile-time path still points into it.
        for (var dir = new FileInfo(thisSourceFile).Directory; dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Wharf.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (Wharf.sln)");
    }
}
