using System.Runtime.InteropServices;

namespace Wharf.Runtime.Capabilities;

/// <summary><c>struct __user_cap_header_struct</c>: version and target thread (0 = calling thread).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct CapUserHeader
{
    /// <summary>_LINUX_CAPABILITY_VERSION_3: 64-bit sets passed as two 32-bit words.</summary>
    public const uint Version3 = 0x20080522;

    public uint Version;
    public int Pid;

    public static CapUserHeader ForCallingThread => new() { Version = Version3, Pid = 0 };
}

/// <summary>One 32-bit word of <c>struct __user_cap_data_struct</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct CapUserData
{
    public uint Effective;
    public uint Permitted;
    public uint Inheritable;
}

/// <summary>
/// The two <see cref="CapUserData"/> words capset v3 takes: [0] holds capabilities 0–31, [1] holds 32–63.
/// Blittable, so the runtime can copy it into unmanaged memory ahead of a vfork child.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct CapsetData
{
    public CapUserData Low;
    public CapUserData High;

    public static CapsetData From(ulong effective, ulong permitted, ulong inheritable) => new()
    {
        Low = new CapUserData
        {
            Effective = (uint)effective, Permitted = (uint)permitted, Inheritable = (uint)inheritable,
        },
        High = new CapUserData
        {
            Effective = (uint)(effective >> 32), Permitted = (uint)(permitted >> 32),
            Inheritable = (uint)(inheritable >> 32),
        },
    };

    public readonly ulong Effective => Low.Effective | ((ulong)High.Effective << 32);
    public readonly ulong Permitted => Low.Permitted | ((ulong)High.Permitted << 32);
    public readonly ulong Inheritable => Low.Inheritable | ((ulong)High.Inheritable << 32);
}
