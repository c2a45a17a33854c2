using System.IO.Hashing;
using System.Text;

namespace CodexHelper.Translation.AnthropicClient;

/// <summary>Tool-call ids for OpenAI-family upstreams, which cap them at 64 characters: longer ones cut with a hash suffix, the same every time.</summary>
internal static class CallIds
{
    private const int Max = 64;

    public static string ForOpenAi(string id)
    {
        if (id.Length <= Max)
        {
            return id;
        }

        var hash = XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(id)).ToString("x8");
        return id[..(Max - 9)] + "_" + hash;
    }
}
