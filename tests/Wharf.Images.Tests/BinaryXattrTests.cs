using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Wharf.Images.Tests;

/// <summary>Xattr values are bytes, not text: a binary <c>security.capability</c> (a capability set whose bytes are not
/// valid UTF-8) and a <c>user.</c> xattr holding every byte value must keep their exact bytes when GNU tar's layers are
/// unpacked and when wharf writes layers (commit, export) for GNU tar and itself to read; checked with getxattr(2) and
/// getcap.</summary>
public sealed partial class BinaryXattrTests : IDisposable
{
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [LibraryImport("libc", EntryPoint = "lgetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint LGetXattr(string path, string name, byte[]? value, nuint size);

    [LibraryImport("libc", EntryPoint = "lsetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LSetXattr(string path, string name, byte[] value, nuint size, int flags);

    private static byte[] GetXattr(string path, string name)
    {
        var buffer = new byte[65536];
        nint n = LGetXattr(path, name, buffer, (nuint)buffer.Length);
        Assert.True(n >= 0, $"lgetxattr {name} on {path}: errno {Marshal.GetLastPInvokeError()}");
        return buffer[..(int)n];
    }

    private static string Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file} {string.Join(' ', args)} exited {p.ExitCode}: {output}");
        return output.Trim();
    }

    /// <summary>Hands out at most a few bytes per read, so headers and records arrive split at every offset.</summary>
    private sealed class TrickleStream(Stream inner) : Streams.ReadOnlyStream
    {
        private int _next;
        public override int Read(Span<byte> buffer) => inner.Read(buffer[..Math.Min(buffer.Length, 1 + _next++ % 13)]);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => ValueTask.FromResult(Read(buffer.Span));
    }

    /// <summary>A tree with bin/tool carrying a binary security.capability and a user.blob of every byte value,
    /// and a file after it. Returns the capability's bytes.</summary>
    private (string Root, byte[] Capability, byte[] Blob) CapableTree()
    {
        string source = _tmp.Sub("rootfs");
        Directory.CreateDirectory(Path.Combine(source, "bin"));
        string tool = Path.Combine(source, "bin", "tool");
        File.WriteAllText(tool, "#!/bin/sh\n");
        File.SetUnixFileMode(tool, (UnixFileMode)0b111_101_101);
        // cap_setfcap is bit 31: its permitted-mask byte is 0x80, which is not valid UTF-8 on its own.
        Run("/usr/sbin/setcap", "cap_net_raw,cap_setfcap+ep", tool);
        var everyByte = Enumerable.Range(0, 256).Select(i => (byte)(255 - i)).ToArray();
        Assert.Equal(0, LSetXattr(tool, "user.blob", everyByte, (nuint)everyByte.Length, 0));
        var capability = GetXattr(tool, "security.capability");
        Assert.Contains((byte)0x80, capability);
        // A file after the capable one: the rewritten headers must leave the rest of the archive consistent.
        File.WriteAllText(Path.Combine(source, "bin", "zz-after"), new string('a', 3000));
        return (source, capability, everyByte);
    }

    private static void AssertCapable(string bin, byte[] capability, byte[] blob)
    {
        string tool = Path.Combine(bin, "tool");
        Assert.Equal(capability, GetXattr(tool, "security.capability"));
        Assert.Equal(blob, GetXattr(tool, "user.blob"));
        Assert.Contains("cap_net_raw,cap_setfcap=ep", Run("/usr/sbin/getcap", tool));
        Assert.Equal(3000, new FileInfo(Path.Combine(bin, "zz-after")).Length);
    }

    private static void SkipUnlessCapable()
    {
        Skip.IfNot(Mounter.IsRoot, "security.capability needs CAP_SETFCAP: root only");
        Skip.IfNot(File.Exists("/usr/sbin/setcap") && File.Exists("/usr/sbin/getcap"), "setcap/getcap (libcap2-bin) not installed");
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Binary_xattrs_from_a_gnu_tar_layer_keep_their_bytes(bool trickle)
    {
        SkipUnlessCapable();
        var (source, capability, blob) = CapableTree();
        string layer = _tmp.Sub("layer.tar");
        Run("tar", "--xattrs", "--xattrs-include=*", "--sort=name", "-C", source, "-cf", layer, ".");
        var store = LocalImageStore.Open(_tmp.Sub("data"));
        await using (var tar = File.OpenRead(layer))
            await store.ImportAsync(trickle ? new TrickleStream(tar) : tar, "caps:1", null, null, default);
        AssertCapable(Path.Combine(store.Snapshots.LayerDir(store.Get("caps:1").ChainIds[0]), "bin"), capability, blob);
    }

    [SkippableFact]
    public async Task Binary_xattrs_written_by_export_are_read_back_by_gnu_tar_and_by_the_store()
    {
        SkipUnlessCapable();
        var (source, capability, blob) = CapableTree();
        string layer = _tmp.Sub("exported.tar");
        using (var output = File.Create(layer)) Layers.DirectoryTarWriter.Write(source, output, overlayWhiteouts: false);

        string extracted = _tmp.Sub("gnu-extracted");
        Directory.CreateDirectory(extracted);
        Run("tar", "--xattrs", "--xattrs-include=*", "-C", extracted, "-xf", layer);
        AssertCapable(Path.Combine(extracted, "bin"), capability, blob);

        var store = LocalImageStore.Open(_tmp.Sub("data"));
        await using (var tar = File.OpenRead(layer)) await store.ImportAsync(tar, "exported:1", null, null, default);
        AssertCapable(Path.Combine(store.Snapshots.LayerDir(store.Get("exported:1").ChainIds[0]), "bin"), capability, blob);
    }
}
