namespace Wharf.Api.Models;

/// <summary>Per-interface stats.</summary>
public sealed class NetworkStats
{
    [JsonPropertyName("rx_bytes")] public ulong RxBytes { get; set; }
    [JsonPropertyName("tx_bytes")] public ulong TxBytes { get; set; }
}
