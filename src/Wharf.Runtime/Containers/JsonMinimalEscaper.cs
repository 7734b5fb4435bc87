using System.Text;
using System.Text.Encodings.Web;

namespace Wharf.Runtime.Containers;

/// <summary>
/// A JSON string encoder that escapes only what JSON needs escaped (quote, backslash, control characters) and,
/// to keep the file ASCII, every character from DEL up, as <c>\uXXXX</c>. Utf8JsonWriter without an encoder asks
/// JavaScriptEncoder.Default, whose static constructor builds allow-bitmaps for all of Unicode: 1.5% of a `run`'s
/// CPU, for state.json's few ids and paths.
/// </summary>
internal sealed class JsonMinimalEscaper : JavaScriptEncoder
{
    public static readonly JsonMinimalEscaper Instance = new();

    private JsonMinimalEscaper() { }

    /// <summary>A supplementary character becomes a surrogate pair: two <c>\uXXXX</c>.</summary>
    public override int MaxOutputCharactersPerInputCharacter => 12;

    public override bool WillEncode(int unicodeScalar) => unicodeScalar is < 0x20 or '"' or '\\' or >= 0x7F;

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        for (var i = 0; i < textLength; i++)
            if (WillEncode(text[i]))
                return i;
        return -1;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength,
        out int numberOfCharactersWritten)
    {
        numberOfCharactersWritten = 0;
        if (!WillEncode(unicodeScalar))
        {
            if (bufferLength < 1) return false;
            buffer[0] = (char)unicodeScalar;
            numberOfCharactersWritten = 1;
            return true;
        }
        Span<char> units = stackalloc char[2];
        var count = new Rune(unicodeScalar).EncodeToUtf16(units);
        if (bufferLength < 6 * count) return false;
        for (var u = 0; u < count; u++)
        {
            var at = buffer + 6 * u;
            at[0] = '\\';
            at[1] = 'u';
            ((int)units[u]).TryFormat(new Span<char>(at + 2, 4), out _, "x4");
        }
        numberOfCharactersWritten = 6 * count;
        return true;
    }
}
