namespace CodexHelper.Tests.Architecture.CycleExample.B;

/// <summary>Uses Beta and is used by nobody: in the graph, not in the cycle.</summary>
internal static class Gamma
{
    public static int Four() => Beta.Two() * 2;
}
