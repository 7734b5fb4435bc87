using System.Globalization;
using Wharf.Runtime.Spawn.Fallback;

namespace Wharf.Runtime.Cli;

/// <summary>
/// Hidden verb <c>init-stage PLAN-FD STATUS-FD</c>: the second stage of the unshare spawn path, started by the
/// runtime (or the shim) in the container's new namespaces. Dispatched before anything else runs, so this process
/// does no work (logging, console set-up) beyond reading its plan and running it.
/// </summary>
public static class InitStageCommand
{
    public const string Verb = UnshareStarter.InitStageVerb;

    public static int Run(string[] args)
    {
        if (args.Length != 2 || !int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out var planFd)
            || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var statusFd))
        {
            Console.Error.WriteLine($"usage: wharf-runtime {Verb} PLAN-FD STATUS-FD (started by the runtime, not by hand)");
            return 1;
        }
        return InitStage.Run(planFd, statusFd);
    }
}
