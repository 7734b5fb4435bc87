using System.Buffers.Binary;
using Wharf.Engine.Init;

namespace Wharf.Engine.Tests;

/// <summary>The init's ELF image as the kernel reads it, and the file wharfd writes from it.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class InitImageTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("init-image-");

    [Fact]
    public void IsASmallStaticX64Executable()
    {
        var image = InitBinary.Image;
        Assert.True(image.Length < 4096, $"{image.Length} bytes");
        Assert.Equal([0x7F, (byte)'E', (byte)'L', (byte)'F', 2 /* 64-bit */, 1 /* little-endian */, 1], image[..7].ToArray());
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(image[16..]));   // ET_EXEC
        Assert.Equal(62, BinaryPrimitives.ReadUInt16LittleEndian(image[18..]));  // EM_X86_64
        Assert.Equal(ElfImage.LoadAddress + ElfImage.HeaderSize, BinaryPrimitives.ReadUInt64LittleEndian(image[24..]));
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(image[56..]));   // e_phnum

        // No PT_INTERP or PT_DYNAMIC: one PT_LOAD covering the whole file (R+X) and a non-executable stack.
        var load = image[64..];
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(load));
        Assert.Equal(5u, BinaryPrimitives.ReadUInt32LittleEndian(load[4..]));
        Assert.Equal(0ul, BinaryPrimitives.ReadUInt64LittleEndian(load[8..]));
        Assert.Equal((ulong)image.Length, BinaryPrimitives.ReadUInt64LittleEndian(load[32..]));
        var stack = image[(64 + 56)..];
        Assert.Equal(0x6474E551u, BinaryPrimitives.ReadUInt32LittleEndian(stack));
        Assert.Equal(6u, BinaryPrimitives.ReadUInt32LittleEndian(stack[4..]));
    }

    [Fact]
    public void IsWrittenExecutableAndRewrittenOnlyWhenItDiffers()
    {
        string path = InitBinary.EnsureWritten(_dir.FullName);
        Assert.Equal(Path.Combine(_dir.FullName, "wharf-init"), path);
        Assert.Equal(InitBinary.Image.ToArray(), File.ReadAllBytes(path));
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(path));
        long inode = Inode(path);

        Assert.Equal(path, InitBinary.EnsureWritten(_dir.FullName));
        Assert.Equal(inode, Inode(path));

        // A damaged or non-executable file (say, a crash between write and chmod) is replaced.
        File.WriteAllBytes(path, [0x7F, (byte)'E']);
        InitBinary.EnsureWritten(_dir.FullName);
        Assert.Equal(InitBinary.Image.ToArray(), File.ReadAllBytes(path));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        InitBinary.EnsureWritten(_dir.FullName);
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(path));
        Assert.Empty(Directory.GetFiles(_dir.FullName, "*.tmp", new EnumerationOptions { AttributesToSkip = 0 }));
    }

    [SkippableFact]
    public void ANoexecDirectoryIsPassedOver()
    {
        Skip.IfNot(Environment.UserName == "root", "needs root to mount a noexec tmpfs");
        string noexec = Directory.CreateDirectory(Path.Combine(_dir.FullName, "noexec")).FullName;
        string fallback = Path.Combine(_dir.FullName, "fallback");
        var mount = Wharf.TestSupport.ProcessRunner.Run("mount", ["-t", "tmpfs", "-o", "noexec,size=1m", "tmpfs", noexec]);
        Assert.True(mount.ExitCode == 0, mount.ToString());
        try
        {
            Assert.Equal(Path.Combine(fallback, "wharf-init"), InitBinary.EnsureWritten(noexec, fallback));
            Assert.False(File.Exists(Path.Combine(noexec, "wharf-init")));
            var e = Assert.Throws<Wharf.Engine.Errors.EngineException>(() => InitBinary.EnsureWritten(noexec));
            Assert.Contains("noexec", e.Message);
        }
        finally { Wharf.TestSupport.MountCleanup.UnmountUnder(_dir.FullName); }
    }

    private static long Inode(string path)
    {
        var r = Wharf.TestSupport.ProcessRunner.Run("stat", ["-c", "%i", path]);
        return long.Parse(r.Stdout.Trim());
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
