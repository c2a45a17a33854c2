using static CodexHelper.Tests.TokenCounts.UsageFixtures;

namespace CodexHelper.Tests.TokenCounts;

/// <summary>Network reads split responses anywhere; the result must never depend on where.</summary>
public sealed class UsageScannerSplitTests
{
    [Theory]
    [MemberData(nameof(UsageFixtures.Names), MemberType = typeof(UsageFixtures))]
    public void Split_in_two_at_every_byte_boundary(string name)
    {
        var f = Get(name);
        var body = Bytes(f.Body);

        for (var i = 0; i <= body.Length; i++)
        {
            var usage = ScanWith(f.ContentType, [body[..i], body[i..]]);
            Assert.True(f.Usage == usage, $"{name}: split at {i} gave {usage}");
        }
    }

    [Theory]
    [MemberData(nameof(UsageFixtures.Names), MemberType = typeof(UsageFixtures))]
    public void One_byte_at_a_time(string name)
    {
        var f = Get(name);
        var body = Bytes(f.Body);

        var usage = ScanWith(f.ContentType, body.Select(b => new[] { b }));

        Assert.Equal(f.Usage, usage);
    }

    [Theory]
    [MemberData(nameof(UsageFixtures.Names), MemberType = typeof(UsageFixtures))]
    public void Random_chunk_sizes_with_empty_chunks_in_between(string name)
    {
        var f = Get(name);
        var body = Bytes(f.Body);
        var random = new Random(12345);

        for (var round = 0; round < 200; round++)
        {
            var chunks = new List<byte[]>();
            for (var pos = 0; pos < body.Length;)
            {
                var size = Math.Min(body.Length - pos, random.Next(0, 40));
                chunks.Add(body[pos..(pos + size)]);
                pos += size;
            }

            Assert.Equal(f.Usage, ScanWith(f.ContentType, chunks));
        }
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void Other_line_ends_split_at_every_boundary(string lineEnd)
    {
        foreach (var f in All.Where(f => f.ContentType == Sse))
        {
            var body = Bytes(f.Body.Replace("\n", lineEnd));
            for (var i = 0; i <= body.Length; i++)
            {
                var usage = Scan(f.ContentType, body[..i], body[i..]);
                Assert.True(f.Usage == usage, $"{f.Name} with {lineEnd.Length}-byte line ends: split at {i} gave {usage}");
            }
        }
    }
}
