using System.Text;
using Wharf.Oci;

namespace Wharf.Images.Store;

/// <summary>Chain IDs name a stack of layers: chain(0) = diff(0), chain(n) = sha256(chain(n-1) + " " + diff(n)).</summary>
public static class ChainIds
{
    public static IReadOnlyList<string> From(IReadOnlyList<string> diffIds)
    {
        var chain = new List<string>(diffIds.Count);
        foreach (var diff in diffIds)
            chain.Add(chain.Count == 0 ? diff : Next(chain[^1], diff));
        return chain;
    }

    public static string Next(string? parentChainId, string diffId) =>
        parentChainId is null ? diffId : Digest.Sha256(Encoding.ASCII.GetBytes(parentChainId + " " + diffId)).ToString();
}
