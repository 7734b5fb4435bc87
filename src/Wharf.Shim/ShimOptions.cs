namespace Wharf.Shim;

/// <summary>Command line of <c>wharf-shim run</c>, written by wharfd.</summary>
internal sealed class ShimOptions
{
    public string Id = "", Bundle = "", Runtime = "", RuntimeRoot = "", LogPath = "", Socket = "", ExitFile = "";
    public bool Tty, OpenStdin, StdinOnce, AwaitBundle;
    public int Rows, Cols;

    /// <summary>Parses the flags; with <paramref name="complete"/> false (a shim that gets the rest with "create",
    /// see <see cref="BundleGate"/>) the required ones may still be missing.</summary>
    public static ShimOptions Parse(string[] args, bool complete = true)
    {
        var o = new ShimOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--id": o.Id = Next(); break;
                case "--bundle": o.Bundle = Next(); break;
                case "--runtime": o.Runtime = Next(); break;
                case "--runtime-root": o.RuntimeRoot = Next(); break;
                case "--log": o.LogPath = Next(); break;
                case "--socket": o.Socket = Next(); break;
                case "--exit-file": o.ExitFile = Next(); break;
                case "--tty": o.Tty = true; break;
                case "--stdin": o.OpenStdin = true; break;
                case "--stdin-once": o.StdinOnce = true; break;
                case "--await-bundle": o.AwaitBundle = true; break;
                case "--rows": o.Rows = int.Parse(Next()); break;
                case "--cols": o.Cols = int.Parse(Next()); break;
                default: throw new ArgumentException($"unknown flag {args[i]}");
            }
        }
        if (!complete) return o;
        foreach (var (name, value) in new[] { ("--id", o.Id), ("--bundle", o.Bundle), ("--runtime", o.Runtime), ("--socket", o.Socket), ("--exit-file", o.ExitFile), ("--log", o.LogPath) })
            if (value.Length == 0) throw new ArgumentException($"{name} is required");
        if (o.RuntimeRoot.Length == 0) o.RuntimeRoot = Path.Combine(Path.GetDirectoryName(o.Bundle)!, "runtime");
        return o;
    }
}
