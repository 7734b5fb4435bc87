namespace Wharf.Cli.Terminal;

/// <summary>
/// docker's detach key sequence ("ctrl-p,ctrl-q" by default): parses the spec and watches stdin bytes for it.
/// Bytes that start a match are held back and released if the sequence breaks off.
/// </summary>
public sealed class DetachKeys
{
    public const string Default = "ctrl-p,ctrl-q";

    private readonly byte[] _sequence;
    private int _matched;

    public DetachKeys(byte[] sequence) => _sequence = sequence;

    public static DetachKeys Parse(string spec)
    {
        var bytes = new List<byte>();
        foreach (var part in spec.Split(','))
        {
            var key = part.Trim();
            if (key.Length == 1) bytes.Add((byte)key[0]);
            else if (key.StartsWith("ctrl-", StringComparison.Ordinal) && key.Length == 6 && ControlCode(key[5]) is { } code) bytes.Add(code);
            else throw new FormatException($"Invalid detach keys ({spec}) provided");
        }
        return new DetachKeys([.. bytes]);
    }

    private static byte? ControlCode(char c) => c switch
    {
        >= 'a' and <= 'z' => (byte)(c - 'a' + 1),
        '@' => 0, '[' => 27, '\\' => 28, ']' => 29, '^' => 30, '_' => 31,
        _ => null,
    };

    /// <summary>Filters input: returns bytes to forward and whether the full sequence was typed.</summary>
    public (byte[] Forward, bool Detach) Feed(ReadOnlySpan<byte> input)
    {
        var forward = new List<byte>(input.Length);
        foreach (var b in input)
        {
            if (b == _sequence[_matched])
            {
                if (++_matched == _sequence.Length) return ([.. forward], true);
                continue;
            }
            forward.AddRange(_sequence.AsSpan(0, _matched).ToArray());
            _matched = 0;
            if (b == _sequence[0]) _matched = 1;
            else forward.Add(b);
        }
        return ([.. forward], false);
    }
}
