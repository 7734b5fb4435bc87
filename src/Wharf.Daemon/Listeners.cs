using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Wharf.Runtime;

namespace Wharf.Daemon;

/// <summary>Opens the -H listeners: unix sockets (mode 0660, group docker when it exists) and TCP.</summary>
public static partial class Listeners
{
    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int chown(string path, int uid, int gid);

    public static Socket Open(string host)
    {
        if (host.StartsWith("unix://", StringComparison.Ordinal))
        {
            string path = host["unix://".Length..];
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (File.Exists(path)) File.Delete(path);
            var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            s.Bind(new UnixDomainSocketEndPoint(path));
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);
            if (DockerGroupId() is { } gid && chown(path, 0, gid) < 0) throw SyscallException.FromLastError("chown", path);
            s.Listen(512);
            return s;
        }
        if (host.StartsWith("tcp://", StringComparison.Ordinal))
        {
            var uri = new Uri(host);
            var address = uri.Host is "" or "0.0.0.0" ? IPAddress.Any : IPAddress.Parse(uri.Host.Trim('[', ']'));
            var s = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            s.Bind(new IPEndPoint(address, uri.Port > 0 ? uri.Port : 2376));
            s.Listen(512);
            return s;
        }
        throw new ArgumentException($"unsupported host {host}: use unix:///path or tcp://addr:port");
    }

    private static int? DockerGroupId()
    {
        try
        {
            foreach (var line in File.ReadLines("/etc/group"))
            {
                var f = line.Split(':');
                if (f.Length > 2 && f[0] == "docker") return int.Parse(f[2]);
            }
        }
        catch (IOException) { }
        return null;
    }
}
