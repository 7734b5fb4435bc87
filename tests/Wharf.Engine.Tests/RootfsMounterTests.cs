using Wharf.Engine.Rootfs;
using Wharf.Images;

namespace Wharf.Engine.Tests;

/// <summary>The rootfs overlay on the real kernel: --rm containers get overlayfs's <c>volatile</c> option (no sync of
/// the upper filesystem at unmount), others do not. Needs root.</summary>
public sealed class RootfsMounterTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("rootfs-mounter-");

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void OverlayIsVolatileOnlyWhenAsked(bool volatileUpper)
    {
        Skip.IfNot(Environment.UserName == "root", "mounting needs root");
        string lower = Dir("lower"), upper = Dir("upper"), work = Dir("work"), target = Path.Combine(_root.FullName, "rootfs");
        File.WriteAllText(Path.Combine(lower, "from-lower"), "x");
        var mounts = new[] { new MountDescription("overlay", "overlay", [$"lowerdir={lower}", $"upperdir={upper}", $"workdir={work}"]) };

        RootfsMounter.Mount(mounts, target, volatileUpper);
        try
        {
            Assert.True(File.Exists(Path.Combine(target, "from-lower")));
            string options = SuperOptions(target) ?? throw new InvalidOperationException($"{target} is not in mountinfo");
            // Kernels since 6.x show the option as fsync=volatile.
            Assert.Equal(volatileUpper, options.Split(',').Any(o => o is "volatile" or "fsync=volatile"));
        }
        finally { RootfsMounter.Unmount(target); }
        Assert.False(RootfsMounter.IsMountPoint(target));
    }

    private string Dir(string name) => Directory.CreateDirectory(Path.Combine(_root.FullName, name)).FullName;

    /// <summary>The super-block options (last field) of the mount at <paramref name="path"/>.</summary>
    private static string? SuperOptions(string path) =>
        File.ReadLines("/proc/self/mountinfo").Select(l => l.Split(' ')).FirstOrDefault(f => f.Length > 4 && f[4] == path)?[^1];

    public void Dispose()
    {
        RootfsMounter.Unmount(Path.Combine(_root.FullName, "rootfs"));
        _root.Delete(recursive: true);
    }
}
