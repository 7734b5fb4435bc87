namespace Wharf.Images.Layers;

/// <summary>A layer refused as unsafe or malformed (path escape, link escape, device node, tar bomb…).
/// The partially unpacked snapshot is discarded; nothing outside it was written.</summary>
public sealed class LayerRejectedException(string message) : IOException(message);
