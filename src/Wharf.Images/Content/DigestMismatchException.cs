namespace Wharf.Images.Content;

/// <summary>Content whose size or digest differs from what its descriptor promised; it was not stored.</summary>
public sealed class DigestMismatchException(string message) : IOException(message);
