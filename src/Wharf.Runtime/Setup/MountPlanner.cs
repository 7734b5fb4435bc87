using Wharf.Oci.Runtime;
using static Wharf.Runtime.Native.Flags;

namespace Wharf.Runtime.Setup;

/// <summary>Plans config.json "mounts": each one under the rootfs, before pivot_root, in the order given.</summary>
public sealed class MountPlanner(StepWriter w, IHostView host, string rootfs, string bundle, bool newCgroupNs)
{
    public void Plan(Mount mount)
    {
        if (string.IsNullOrEmpty(mount.Destination) || !mount.Destination.StartsWith('/'))
            throw new ContainerException($"mounts: destination \"{mount.Destination}\" must be an absolute path");
        var target = host.ResolveInRoot(rootfs, mount.Destination);
        var options = MountOptions.Parse(mount.Options, mount.Type);
        if (options.Bind)
            PlanBind(mount, target, options);
        else if (mount.Type == "cgroup")
            PlanCgroup(target, options);
        else
        {
            w.MkdirAll(rootfs, target);
            var source = string.IsNullOrEmpty(mount.Source) ? mount.Type : mount.Source;
            w.Mount(source, target, mount.Type, options.Flags, options.Data, $"{mount.Type} on {target}");
        }
        foreach (var propagation in options.Propagation)
            w.Mount(null, target, null, propagation, null, $"propagation of {target}");
    }

    private void PlanBind(Mount mount, string target, MountOptions options)
    {
        if (string.IsNullOrEmpty(mount.Source))
            throw new ContainerException($"mounts: bind mount on {mount.Destination} has no source");
        var source = Path.IsPathRooted(mount.Source) ? mount.Source : Path.Combine(bundle, mount.Source);
        if (!host.Exists(source))
            throw new ContainerException($"mounts: bind source {source} for {mount.Destination}: no such file or directory");
        if (host.IsDirectory(source))
            w.MkdirAll(rootfs, target);
        else
        {
            w.MkdirAll(rootfs, Path.GetDirectoryName(target)!);
            w.Touch(target);
        }
        w.Mount(source, target, "bind", MS_BIND | (options.Recursive ? MS_REC : 0), null, $"{source} on {target} (bind)");
        if (options.RemountFlags != 0)
            w.Mount(source, target, null, MS_BIND | MS_REMOUNT | options.RemountFlags, null, $"remount of {target}");
    }

    /// <summary>
    /// cgroup v2: one cgroup2 mount. cgroup v1: a tmpfs holding one mount per hierarchy, as runc does; inside
    /// a cgroup namespace those are real cgroup mounts rooted at the container's cgroup.
    /// </summary>
    private void PlanCgroup(string target, MountOptions options)
    {
        w.MkdirAll(rootfs, target);
        var hierarchies = host.CgroupHierarchies;
        if (hierarchies is [{ Name: "" }])
        {
            w.Mount("cgroup2", target, "cgroup2", options.Flags, null, $"cgroup2 on {target}");
            return;
        }
        var flags = options.Flags | MS_NOSUID | MS_NODEV | MS_NOEXEC;
        w.Mount("tmpfs", target, "tmpfs", flags & ~MS_RDONLY, "mode=755", $"tmpfs on {target}");
        foreach (var h in hierarchies)
        {
            var dir = target + "/" + h.Name;
            w.MkdirAll(rootfs, dir);
            w.Mount("cgroup", dir, "cgroup", flags, h.Options, $"cgroup ({h.Options}) on {dir}");
            foreach (var alias in h.Aliases)
                w.Symlink(h.Name, target + "/" + alias);
        }
        if ((options.Flags & MS_RDONLY) != 0)
            w.Mount("tmpfs", target, null, MS_REMOUNT | MS_RDONLY | (flags & ~MS_RDONLY), "mode=755", $"read-only remount of {target}");
        _ = newCgroupNs; // without a cgroup namespace the same mounts show the host's whole hierarchy, as with runc
    }
}
