using System.Globalization;

namespace Wharf.Shim;

/// <summary>The exit status the shim leaves for wharfd: <c>CODE UNIX_NANOS</c>, written atomically.</summary>
internal static class ExitStatusFile
{
    public static void Write(string path, int exitCode)
    {
        long nanos = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        string tmp = path + ".tmp";
        using (var f = new FileStream(tmp, FileMode.Create, FileAccess.Write))
        {
            f.Write(System.Text.Encoding.ASCII.GetBytes(exitCode.ToString(CultureInfo.InvariantCulture) + " " + nanos + "\n"));
            f.Flush(flushToDisk: true);
        }
        File.Move(tmp, path, overwrite: true);
    }
}
