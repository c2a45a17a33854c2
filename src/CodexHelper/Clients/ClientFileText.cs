using System.Text;

namespace CodexHelper.Clients;

/// <summary>
/// A client file's bytes as text, with what decoding would otherwise lose (a UTF-8 byte-order mark,
/// the line-ending style) kept aside so that an edit writes back every untouched byte unchanged.
/// </summary>
internal sealed record ClientFileText(string Text, bool HasBom, string NewLine)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static ClientFileText Empty { get; } = new("", false, "\n");

    public static ClientFileText Decode(ReadOnlySpan<byte> bytes, string pathForErrors)
    {
        var bom = bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]);
        string text;
        try
        {
            text = StrictUtf8.GetString(bom ? bytes[3..] : bytes);
        }
        catch (DecoderFallbackException)
        {
            throw UserFacingException.InFile(pathForErrors, null, "is not valid UTF-8 text");
        }

        // The first line ending decides the style of any line we add.
        var lf = text.IndexOf('\n', StringComparison.Ordinal);
        var newLine = lf > 0 && text[lf - 1] == '\r' ? "\r\n" : "\n";
        return new ClientFileText(text, bom, newLine);
    }

    public ClientFileText With(string text) => this with { Text = text };

    public byte[] Encode()
    {
        var body = StrictUtf8.GetBytes(Text);
        if (!HasBom)
        {
            return body;
        }

        var withBom = new byte[body.Length + 3];
        withBom[0] = 0xEF;
        withBom[1] = 0xBB;
        withBom[2] = 0xBF;
        body.CopyTo(withBom, 3);
        return withBom;
    }
}
