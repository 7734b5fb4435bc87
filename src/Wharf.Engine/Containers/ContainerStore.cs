using System.Text.Json;
using Wharf.Engine.Errors;
using Wharf.Engine.State;

namespace Wharf.Engine.Containers;

/// <summary>Every container the daemon knows, by ID and name, persisted one file per container.</summary>
public sealed class ContainerStore(ContainerPaths paths)
{
    private readonly Dictionary<string, Container> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _idByName = new(StringComparer.Ordinal);
    private readonly object _lock = new();

    public IReadOnlyList<Container> All() { lock (_lock) return [.. _byId.Values]; }

    /// <summary>Finds by full ID, name (with or without the slash) or unique ID prefix, like Docker.</summary>
    public Container Get(string nameOrId) => TryGet(nameOrId) ?? throw EngineException.NoSuchContainer(nameOrId);

    public Container? TryGet(string nameOrId)
    {
        if (string.IsNullOrEmpty(nameOrId)) return null;
        lock (_lock)
        {
            if (_byId.TryGetValue(nameOrId, out var c)) return c;
            if (_idByName.TryGetValue(nameOrId.StartsWith('/') ? nameOrId : "/" + nameOrId, out var id)) return _byId[id];
            Container? found = null;
            foreach (var (key, value) in _byId)
                if (key.StartsWith(nameOrId, StringComparison.Ordinal))
                {
                    if (found is not null) throw EngineException.Invalid($"multiple IDs found with provided prefix: {nameOrId}");
                    found = value;
                }
            return found;
        }
    }

    /// <summary>Reserves a name; throws Docker's 409 when another container has it.</summary>
    public void Add(Container c)
    {
        lock (_lock)
        {
            if (_idByName.TryGetValue(c.Record.Name, out var other))
                throw EngineException.Conflict($"Conflict. The container name \"{c.Record.Name}\" is already in use by container \"{other}\". You have to remove (or rename) that container to be able to reuse that name.");
            _byId[c.Id] = c;
            _idByName[c.Record.Name] = c.Id;
        }
    }

    public void Rename(Container c, string newName)
    {
        lock (_lock)
        {
            if (_idByName.TryGetValue(newName, out var other) && other != c.Id)
                throw EngineException.Conflict($"Conflict. The container name \"{newName}\" is already in use by container \"{other}\". You have to remove (or rename) that container to be able to reuse that name.");
            _idByName.Remove(c.Record.Name);
            c.Record.Name = newName;
            _idByName[newName] = c.Id;
        }
    }

    public void Remove(Container c)
    {
        lock (_lock)
        {
            _byId.Remove(c.Id);
            _idByName.Remove(c.Record.Name);
        }
    }

    /// <summary>
    /// Forgets a removed container and deletes its record file, which is what makes the removal stick: without it
    /// no restart brings the container back. The rest of its directories can go later (<see cref="Load"/> sweeps
    /// what a crash left).
    /// </summary>
    public void Delete(Container c)
    {
        Remove(c);
        File.Delete(paths.Record(c.Id));
    }

    /// <summary>Writes the record; <paramref name="durable"/> false for states a power loss may forget (see callers).</summary>
    public void Save(Container c, bool durable = true)
    {
        byte[] json;
        lock (c.Record) json = JsonSerializer.SerializeToUtf8Bytes(c.Record, EngineJson.Files.ContainerRecord);
        Directory.CreateDirectory(paths.DataDir(c.Id));
        AtomicFile.Write(paths.Record(c.Id), json, durable);
    }

    /// <summary>Reads every stored record (start-up); unreadable ones are reported and skipped, directories without a
    /// record are deleted.</summary>
    public void Load(Action<string> log)
    {
        if (!Directory.Exists(paths.ContainersDataRoot)) return;
        foreach (var dir in Directory.GetDirectories(paths.ContainersDataRoot))
        {
            string file = Path.Combine(dir, "config.v2.json");
            if (!File.Exists(file))
            {
                // A removal (record deleted first) or a create that a crash cut short: nothing refers to it.
                TryDeleteTree(dir, log);
                continue;
            }
            try
            {
                var record = JsonSerializer.Deserialize(File.ReadAllBytes(file), EngineJson.Files.ContainerRecord)!;
                Add(new Container(record));
            }
            catch (Exception e) when (e is JsonException or IOException or EngineException) { log($"skipping container state {file}: {e.Message}"); }
        }
    }

    internal static void TryDeleteTree(string dir, Action<string> log)
    {
        if (DeleteTree(dir) is { } e) log($"removing {dir}: {e.Message}");
    }

    /// <summary>
    /// Deletes a tree another process may still add a file to: a finishing shim writes its exit status into the
    /// bundle (a temporary, then a rename) while wharfd removes an --rm container. A recursive delete that meets a
    /// file created behind it fails with "directory not empty"; the shim writes once, so trying again ends it.
    /// </summary>
    internal static async Task TryDeleteSettlingTreeAsync(string dir, Action<string> log)
    {
        for (int attempt = 1; DeleteTree(dir) is { } e; attempt++)
        {
            if (e is UnauthorizedAccessException || attempt == SettlingAttempts)
            {
                log($"removing {dir}: {e.Message}");
                return;
            }
            await Task.Delay(SettlingPause);
        }
    }

    private const int SettlingAttempts = 20;
    private static readonly TimeSpan SettlingPause = TimeSpan.FromMilliseconds(100);

    /// <summary>Deletes a tree; null when it is gone (or was never there), else why it is not.</summary>
    private static Exception? DeleteTree(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
            return null;
        }
        catch (DirectoryNotFoundException) { return null; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return e; }
    }
}
