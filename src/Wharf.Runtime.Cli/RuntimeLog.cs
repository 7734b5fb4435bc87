using System.Text.Json;

namespace Wharf.Runtime.Cli;

/// <summary>
/// --log / --log-format: errors go to stderr and, like runc, to the log file, where containerd-style callers
/// read the last error ({"level":"error","msg":…,"time":…} with --log-format json).
/// </summary>
public sealed class RuntimeLog(string? path, bool json)
{
    public void Error(string message)
    {
        Console.Error.WriteLine(message);
        if (string.IsNullOrEmpty(path)) return;
        var time = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", System.Globalization.CultureInfo.InvariantCulture);
        string line;
        if (json)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("level", "error");
                writer.WriteString("msg", message);
                writer.WriteString("time", time);
                writer.WriteEndObject();
            }
            line = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        }
        else
            line = $"time=\"{time}\" level=error msg=\"{message.Replace("\"", "\\\"")}\"";
        try
        {
            File.AppendAllText(path, line + "\n");
        }
        catch (IOException)
        {
            // The message is on stderr already.
        }
    }
}
