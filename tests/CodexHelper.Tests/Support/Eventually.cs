namespace CodexHelper.Tests.Support;

/// <summary>Waits for something a background task does (a reload, a log line), failing after a generous bound.</summary>
internal static class Eventually
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(20);

    public static Task True(Func<bool> condition) => True(() => Task.FromResult(condition()));

    public static async Task True(Func<Task<bool>> condition)
    {
        for (var waited = TimeSpan.Zero; waited < Bound; waited += Step)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(Step);
        }

        Assert.True(await condition(), $"not reached within {Bound.TotalSeconds} s");
    }
}
