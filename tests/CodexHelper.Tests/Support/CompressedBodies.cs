using System.IO.Compression;

namespace CodexHelper.Tests.Support;

/// <summary>Request bodies as clients compress them, and decompression bombs built by hand.</summary>
internal static class CompressedBodies
{
    public static byte[] Encode(string coding, byte[] body)
    {
        using var output = new MemoryStream();
        using (Stream encoder = coding switch
        {
            "gzip" => new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true),
            "br" => new BrotliStream(output, CompressionLevel.Fastest, leaveOpen: true),
            "deflate" => new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true),
            "raw-deflate" => new DeflateStream(output, CompressionLevel.Fastest, leaveOpen: true),
            "zstd" => new ZstdSharp.CompressionStream(output, 3, leaveOpen: true),
            _ => throw new ArgumentException(coding),
        })
        {
            encoder.Write(body);
        }

        return output.ToArray();
    }

    /// <summary>
    /// A zstd frame of RLE blocks: 4 bytes per 128 KiB of output, the densest zstd allows (so 1 GiB takes 32 KiB;
    /// the format caps expansion at 32768:1). Built directly, so the test never holds the gigabyte.
    /// </summary>
    public static byte[] ZstdBomb(long decodedBytes, byte fill = (byte)' ')
    {
        const int block = 128 * 1024;
        var blocks = (int)((decodedBytes + block - 1) / block);
        var frame = new byte[6 + blocks * 4];
        // Magic number, then a frame header without content size whose window descriptor says 128 KiB (2^(10+7)).
        frame[0] = 0x28;
        frame[1] = 0xB5;
        frame[2] = 0x2F;
        frame[3] = 0xFD;
        frame[4] = 0x00;
        frame[5] = 7 << 3;
        for (var i = 0; i < blocks; i++)
        {
            var last = i == blocks - 1 ? 1 : 0;
            var header = last | (1 << 1) | (block << 3); // block type 1 = RLE, size = bytes it regenerates
            var at = 6 + i * 4;
            frame[at] = (byte)header;
            frame[at + 1] = (byte)(header >> 8);
            frame[at + 2] = (byte)(header >> 16);
            frame[at + 3] = fill;
        }

        return frame;
    }
}
