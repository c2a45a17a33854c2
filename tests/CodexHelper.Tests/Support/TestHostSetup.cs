using System.Runtime.CompilerServices;

namespace CodexHelper.Tests.Support;

internal static class TestHostSetup
{
    /// <summary>
    /// xunit runs test classes in parallel in one process, and some of them block thread-pool threads on
    /// purpose (two switchers contending for the same file lock wait synchronously, as the CLI does). On a
    /// 2-core machine the pool then grows slowly, and tests with short network timeouts (the status probe's
    /// 1 s connect bound) see continuations arrive late. Starting with more threads keeps them independent.
    /// </summary>
    [ModuleInitializer]
    internal static void RaiseThreadPoolMinimum()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(io, 32));
    }
}
