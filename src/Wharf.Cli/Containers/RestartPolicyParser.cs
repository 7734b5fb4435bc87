using Wharf.Api.Models;
using Wharf.Cli.Flags;

namespace Wharf.Cli.Containers;

/// <summary>Parses --restart: no, always, unless-stopped, on-failure[:max-retries].</summary>
public static class RestartPolicyParser
{
    public static RestartPolicy Parse(string spec)
    {
        var parts = spec.Split(':');
        var name = parts[0];
        if (parts.Length > 2) throw new FlagException($"invalid restart policy format: maximum retry count must be an integer");
        var policy = new RestartPolicy { Name = name };
        switch (name)
        {
            case "no" or "" or "always" or "unless-stopped":
                if (parts.Length == 2) throw new FlagException($"invalid restart policy format: maximum retry count can only be used with 'on-failure'");
                policy.Name = name.Length == 0 ? "no" : name;
                return policy;
            case "on-failure":
                if (parts.Length == 2)
                {
                    if (!int.TryParse(parts[1], out var n)) throw new FlagException("invalid restart policy format: maximum retry count must be an integer");
                    if (n < 0) throw new FlagException("invalid restart policy format: maximum retry count cannot be negative");
                    policy.MaximumRetryCount = n;
                }
                return policy;
            default:
                throw new FlagException($"invalid restart policy format: unknown policy type \"{name}\"");
        }
    }
}
