using System.Runtime.Versioning;

// Overlay snapshots, device nodes and xattrs: this library is Linux-only.
[assembly: SupportedOSPlatform("linux")]
