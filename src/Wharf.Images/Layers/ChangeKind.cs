namespace Wharf.Images.Layers;

/// <summary>Docker's change kinds (<c>GET /containers/{id}/changes</c>): 0 modified, 1 added, 2 deleted.</summary>
public enum ChangeKind { Modified = 0, Added = 1, Deleted = 2 }

public sealed record FileChange(string Path, ChangeKind Kind);
