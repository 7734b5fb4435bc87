using Wharf.Engine.Errors;

namespace Wharf.Engine.Containers;

/// <summary>Turns <c>--user</c> (name, uid, uid:gid, name:group) into numeric IDs using the image's /etc/passwd and /etc/group.</summary>
public static class UserResolver
{
    public static (uint Uid, uint Gid, List<uint> Extra) Resolve(string rootfs, string user)
    {
        if (string.IsNullOrEmpty(user)) user = "0";
        string userPart = user, groupPart = "";
        int colon = user.IndexOf(':');
        if (colon >= 0) { userPart = user[..colon]; groupPart = user[(colon + 1)..]; }
        var passwd = ReadDb(Path.Combine(rootfs, "etc/passwd"));
        uint uid, gid = 0;
        if (uint.TryParse(userPart, out uid))
        {
            var entry = passwd.FirstOrDefault(p => p.Length > 3 && p[2] == userPart);
            if (entry is not null) gid = uint.Parse(entry[3]);
        }
        else
        {
            var entry = passwd.FirstOrDefault(p => p.Length > 3 && p[0] == userPart)
                ?? throw EngineException.Invalid($"unable to find user {userPart}: no matching entries in passwd file");
            uid = uint.Parse(entry[2]);
            gid = uint.Parse(entry[3]);
        }
        if (groupPart.Length > 0 && !uint.TryParse(groupPart, out gid))
        {
            var g = ReadDb(Path.Combine(rootfs, "etc/group")).FirstOrDefault(p => p.Length > 2 && p[0] == groupPart)
                ?? throw EngineException.Invalid($"unable to find group {groupPart}: no matching entries in group file");
            gid = uint.Parse(g[2]);
        }
        return (uid, gid, []);
    }

    private static List<string[]> ReadDb(string path)
    {
        try { return [.. File.ReadLines(path).Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split(':'))]; }
        catch (IOException) { return []; }
    }
}
