namespace Wharf.Cli.Containers;

/// <summary>
/// docker's -e and --env-file rules: "KEY=value" as written; a bare "KEY" takes the value from the CLI's own
/// environment and is dropped when unset; env files skip blank lines and # comments.
/// </summary>
public static class EnvFile
{
    public static List<string> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"open {path}: no such file or directory");
        var result = new List<string>();
        var lineNo = 0;
        foreach (var raw in File.ReadAllLines(path))
        {
            lineNo++;
            var line = raw.TrimStart();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (Expand(line, path, lineNo) is { } entry) result.Add(entry);
        }
        return result;
    }

    /// <summary>Applies the bare-name rule to one variable; null when it should be left out.</summary>
    public static string? Expand(string variable, string? file = null, int line = 0)
    {
        var eq = variable.IndexOf('=');
        var name = eq < 0 ? variable : variable[..eq];
        if (name.Length == 0)
            throw new FormatException(file == null ? $"invalid environment variable: {variable}" : $"invalid environment variable: {variable} (in {file}, line {line})");
        if (name.Any(char.IsWhiteSpace))
            throw new FormatException($"variable '{name}' contains whitespaces");
        if (eq >= 0) return variable;
        return Environment.GetEnvironmentVariable(name) is { } value ? $"{name}={value}" : null;
    }
}
