namespace CodexHelper.Tests.Architecture.CycleExample.B;

/// <summary>The other half: only a constant of Alpha's, which the IL holds as a number, closes the cycle.</summary>
internal static class Beta
{
    public static int Two() => A.Alpha.One + 1;
}
