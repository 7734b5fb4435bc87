using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Wharf.Oci.Runtime;
using Wharf.Runtime;
using Wharf.Runtime.Containers;
using Wharf.TestSupport;

namespace Wharf.Runtime.Tests.Support;

/// <summary>
/// An OCI bundle whose rootfs is an overlayfs over a fresh busybox tree (scripts/make-busybox-rootfs.sh),
/// with runc's default config minus the terminal. Dispose unmounts and deletes everything.
/// </summary>
public sealed partial class BusyboxBundle : IDisposable
{
    public BusyboxBundle(params string[] args)
    {
        Root = Directory.CreateTempSubdirectory("wharf-rt-bundle-").FullName;
        Directory.CreateDirectory(Lower);
        foreach (var d in new[] { "upper", "work", "bundle/rootfs" }) Directory.CreateDirectory(Path.Combine(Root, d));
        var make = System.Diagnostics.Process.Start(RepoPaths.Script("make-busybox-rootfs.sh"), Lower);
        make.WaitForExit();
        if (make.ExitCode != 0) throw new InvalidOperationException("make-busybox-rootfs.sh failed");
        var data = $"lowerdir={Lower},upperdir={Root}/upper,workdir={Root}/work";
        if (mount("overlay", Rootfs, "overlay", 0, data) != 0)
            throw SyscallException.FromLastError("mount", $"overlay on {Rootfs}");
        Spec = DefaultSpec.Create();
        Spec.Process!.Terminal = false;
        Spec.Process.Args = args.Length > 0 ? [.. args] : ["true"];
    }

    public string Root { get; }

    public string Dir => Path.Combine(Root, "bundle");

    public string Rootfs => Path.Combine(Dir, "rootfs");

    private string Lower => Path.Combine(Root, "lower");

    public Spec Spec { get; }

    /// <summary>Writes config.json from <see cref="Spec"/>; returns the bundle directory.</summary>
    public string Write()
    {
        File.WriteAllText(Path.Combine(Dir, "config.json"), JsonSerializer.Serialize(Spec, RuntimeJson.Indented.Spec));
        return Dir;
    }

    public void Dispose()
    {
        umount2(Rootfs, 2 /* MNT_DETACH */);
        Directory.Delete(Root, recursive: true);
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mount(string source, string target, string type, ulong flags, string data);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int umount2(string target, int flags);
}
