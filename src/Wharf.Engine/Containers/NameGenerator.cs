namespace Wharf.Engine.Containers;

/// <summary>Random adjective_noun names for containers created without --name.</summary>
public static class NameGenerator
{
    private static readonly string[] Adjectives =
        ["brave", "calm", "eager", "fancy", "gentle", "happy", "jolly", "keen", "lucid", "merry", "nifty", "proud", "quiet", "swift", "vivid", "witty"];
    private static readonly string[] Nouns =
        ["anchor", "barge", "buoy", "canal", "dock", "ferry", "harbor", "jetty", "keel", "lighthouse", "mooring", "pier", "quay", "rudder", "tugboat", "wharf"];

    public static string Next(Func<string, bool> taken)
    {
        for (int attempt = 0; ; attempt++)
        {
            string name = $"{Adjectives[Random.Shared.Next(Adjectives.Length)]}_{Nouns[Random.Shared.Next(Nouns.Length)]}";
            if (attempt > 10) name += Random.Shared.Next(100);
            if (!taken(name)) return name;
        }
    }
}
