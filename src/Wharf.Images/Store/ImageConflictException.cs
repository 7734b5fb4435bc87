namespace Wharf.Images.Store;

/// <summary>A delete that needs force, in Docker's words (HTTP 409 in the API).</summary>
public sealed class ImageConflictException(string message) : InvalidOperationException(message);
