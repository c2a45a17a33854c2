namespace CodexHelper.Dashboard;

/// <summary>At most <c>limit</c> takes per wall-clock second; lock-free (a race at a second's edge may let one more through).</summary>
internal sealed class PerSecondBudget(int limit)
{
    private long _second;
    private int _taken;

    public bool TryTake()
    {
        var second = Environment.TickCount64 / 1000;
        if (Volatile.Read(ref _second) != second)
        {
            Volatile.Write(ref _taken, 0);
            Volatile.Write(ref _second, second);
        }

        return Interlocked.Increment(ref _taken) <= limit;
    }
}
