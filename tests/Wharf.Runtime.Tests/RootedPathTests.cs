using Wharf.Runtime.Setup;

namespace Wharf.Runtime.Tests;

/// <summary>Mount targets stay inside the rootfs even through hostile symlinks.</summary>
public sealed class RootedPathTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("wharf-rooted-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void AbsoluteAndDotDotLinksAreResolvedInsideTheRoot()
    {
        Directory.CreateDirectory(Path.Combine(_root, "real"));
        File.CreateSymbolicLink(Path.Combine(_root, "abs"), "/etc");
        File.CreateSymbolicLink(Path.Combine(_root, "up"), "../../../../tmp");
        File.CreateSymbolicLink(Path.Combine(_root, "rel"), "real");
        Assert.Equal(_root + "/etc/passwd", RootedPath.Resolve(_root, "/abs/passwd"));
        Assert.Equal(_root + "/tmp/x", RootedPath.Resolve(_root, "/up/x"));
        Assert.Equal(_root + "/real/y", RootedPath.Resolve(_root, "/rel/y"));
        Assert.Equal(_root + "/a", RootedPath.Resolve(_root, "/../../a"));
    }

    [Fact]
    public void LinkLoopsAreAnError()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "loop"), "/loop");
        Assert.Contains("too many levels of symbolic links", Assert.Throws<ContainerException>(() => RootedPath.Resolve(_root, "/loop/x")).Message);
    }
}
