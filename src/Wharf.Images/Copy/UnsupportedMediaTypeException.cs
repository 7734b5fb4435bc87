namespace Wharf.Images.Copy;

/// <summary>A manifest, config or layer of a kind Wharf does not handle (or a manifest that is not JSON).</summary>
public sealed class UnsupportedMediaTypeException(string message) : NotSupportedException(message);
