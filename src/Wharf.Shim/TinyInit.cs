using System.Runtime.InteropServices;

namespace Wharf.Shim;

/// <summary><c>--init</c>: a minimal PID 1 that starts the command, forwards signals to it and reaps every zombie,
/// then exits with the command's status. It is bind-mounted into the container at /sbin/docker-init.</summary>
internal static unsafe partial class TinyInit
{
    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int posix_spawnp(int* pid, string file, nint fileActions, nint attr, nint* argv, nint* envp);


    public static int Run(string[] args)
    {
        if (args.Length > 0 && args[0] == "--") args = args[1..];
        if (args.Length == 0) { Console.Error.WriteLine("docker-init: no command"); return 2; }
        var argv = new nint[args.Length + 1];
        for (int i = 0; i < args.Length; i++) argv[i] = Marshal.StringToCoTaskMemUTF8(args[i]);
        var env = Environment.GetEnvironmentVariables();
        var envp = new nint[env.Count + 1];
        int e = 0;
        foreach (System.Collections.DictionaryEntry kv in env) envp[e++] = Marshal.StringToCoTaskMemUTF8($"{kv.Key}={kv.Value}");
        int spawned;
        fixed (nint* a = argv) fixed (nint* en = envp)
        {
            int rc = posix_spawnp(&spawned, args[0], 0, 0, a, en);
            if (rc != 0)
            {
                Console.Error.WriteLine($"docker-init: exec {args[0]}: {Marshal.GetPInvokeErrorMessage(rc)}");
                return rc == 2 ? 127 : 126;
            }
        }
        int child = spawned;
        foreach (var sig in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGHUP, PosixSignal.SIGQUIT })
            PosixSignalRegistration.Create(sig, ctx => { ctx.Cancel = true; ShimNative.kill(child, (int)SignalNumber(ctx.Signal)); });
        // Reap everything; the command's own status decides ours.
        while (true)
        {
            int status;
            int pid = ShimNative.waitpid(-1, &status, 0);
            if (pid < 0)
            {
                if (Marshal.GetLastPInvokeError() == ShimNative.EINTR) continue;
                return 0;
            }
            if (pid == child)
            {
                int sig = status & 0x7f;
                return sig == 0 ? (status >> 8) & 0xff : 128 + sig;
            }
        }
    }

    private static int SignalNumber(PosixSignal s) => s switch
    {
        PosixSignal.SIGHUP => 1, PosixSignal.SIGINT => 2, PosixSignal.SIGQUIT => 3, PosixSignal.SIGTERM => 15, _ => 15,
    };
}
