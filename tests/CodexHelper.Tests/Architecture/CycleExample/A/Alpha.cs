namespace CodexHelper.Tests.Architecture.CycleExample.A;

/// <summary>Half of the cycle DependencyCycleTests must report: Alpha calls Beta, Beta reads Alpha's constant.</summary>
internal static class Alpha
{
    public const int One = 1;

    public static int Two() => B.Beta.Two() + One;
}
