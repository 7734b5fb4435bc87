using System.Globalization;
using Wharf.Api.Models;
using Wharf.Cli.Containers;
using Wharf.Cli.Flags;
using Wharf.Cli.Formatting;

namespace Wharf.Cli.Commands;

/// <summary>`update [OPTIONS] CONTAINER...`: changes resource limits or the restart policy.</summary>
public sealed class UpdateCommand : CliCommand
{
    public override string Name => "update";
    public override string Usage => "[OPTIONS] CONTAINER [CONTAINER...]";
    public override string Description => "Update configuration of one or more containers";
    public override int MinArgs => 1;

    protected override FlagSet BuildFlags() => new FlagSet()
        .Value("cpu-period", null, "Limit CPU CFS (Completely Fair Scheduler) period", null, Validators.Int)
        .Value("cpu-quota", null, "Limit CPU CFS (Completely Fair Scheduler) quota", null, Validators.Int)
        .Value("cpu-shares", 'c', "CPU shares (relative weight)", null, Validators.Int)
        .Value("cpus", null, "Number of CPUs", null, Validators.Decimal)
        .Value("cpuset-cpus", null, "CPUs in which to allow execution (0-3, 0,1)")
        .Value("cpuset-mems", null, "MEMs in which to allow execution (0-3, 0,1)")
        .Value("memory", 'm', "Memory limit", null, Validators.Size)
        .Value("memory-reservation", null, "Memory soft limit", null, Validators.Size)
        .Value("memory-swap", null, "Swap limit equal to memory plus swap: -1 to enable unlimited swap", null, v => v == "-1" ? null : Validators.Size(v))
        .Value("pids-limit", null, "Tune container pids limit (set -1 for unlimited)", null, Validators.Int)
        .Value("restart", null, "Restart policy to apply when a container exits");

    public override async Task<int> RunAsync(CliSession session, ParsedFlags flags)
    {
        static long Size(ParsedFlags f, string name) => f.Get(name) is { } v ? v == "-1" ? -1 : HumanUnits.TryParseRamSize(v, out var b) ? b : 0 : 0;
        var body = new ContainerUpdateRequest
        {
            Memory = Size(flags, "memory"), MemorySwap = Size(flags, "memory-swap"), MemoryReservation = Size(flags, "memory-reservation"),
            NanoCpus = flags.Get("cpus") is { } cpus ? (long)Math.Round(double.Parse(cpus, CultureInfo.InvariantCulture) * 1e9) : 0,
            CpuShares = flags.GetInt("cpu-shares") ?? 0, CpuPeriod = flags.GetInt("cpu-period") ?? 0, CpuQuota = flags.GetInt("cpu-quota") ?? 0,
            CpusetCpus = flags.Get("cpuset-cpus") ?? "", CpusetMems = flags.Get("cpuset-mems") ?? "",
            PidsLimit = flags.GetInt("pids-limit"),
            RestartPolicy = flags.Get("restart") is { } r ? RestartPolicyParser.Parse(r) : null,
        };
        return await EachTarget.RunAsync(session, flags.Args, async (client, id) =>
        {
            foreach (var w in await client.UpdateContainerAsync(id, body))
                if (w.Length > 0) await session.Err.WriteLineAsync(w);
        });
    }
}
