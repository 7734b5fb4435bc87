using System.Globalization;

namespace Wharf.Shim;

/// <summary>The exit status the shim leaves for wharfd: <c>CODE UNIX_NANOS</c>, written atomically. Not fsynced: it lives
/// in the exec root (like /run), read back after a wharfd restart from the page cache; after a power loss there is no
/// running container to report on.</summary>
internal static class ExitStatusFile
{
    public static void Write(string path, int exitCode)
    {
        long nanos = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        string tmp = path + ".tmp";
        using (var f = new FileStream(tmp, FileMode.Create, FileAccess.Write))
        {
            f.Write(System.Text.Encoding.ASCII.GetBytes(exitCode.ToString(CultureInfo.InvariantCulture) + " " + nanos + "\n"));
            f.Flush();
        }
        File.Move(tmp, path, overwrite: true);
    }
}
