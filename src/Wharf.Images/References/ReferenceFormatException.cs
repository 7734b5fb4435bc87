namespace Wharf.Images.References;

/// <summary>A reference that is not a valid image name; the message uses Docker's words ("invalid reference format…").</summary>
public sealed class ReferenceFormatException(string message) : FormatException(message);
