namespace CodexHelper.Tests.Architecture;

/// <summary>Long methods are split along what they do: none in src is longer than <see cref="MaxLines"/> lines.</summary>
public sealed class MethodLengthTests
{
    // Lines from the body's opening brace (or an expression body's first line) to its closing one, as the PDB's
    // sequence points give them. Constructors are not measured: theirs include every field initializer of the type.
    private const int MaxLines = 60;

    // Methods allowed over the limit, each with its reason (none today): a new one must argue for its place here.
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
    };

    [Fact]
    public void No_method_is_longer_than_60_lines()
    {
        var tooLong = CompiledDependencies.Load().Methods
            .Where(m => m.Lines > MaxLines && !m.IsConstructor && !Known.ContainsKey(m.Name))
            .OrderByDescending(m => m.Lines)
            .ToList();

        Assert.True(tooLong.Count == 0, $"methods over {MaxLines} lines (split them along what they do):\n  "
            + string.Join("\n  ", tooLong));
    }

    [Fact]
    public void Lengths_come_from_the_source_lines()
    {
        var methods = CompiledDependencies.Load().Methods;

        // An async method is measured through its state machine, under its own name.
        var doctor = Assert.Single(methods, m => m.Name == "DoctorService.RunAsync");
        Assert.Equal("Diagnostics/DoctorService.cs", doctor.File);
        Assert.True(doctor.Lines > 10, doctor.ToString());
        // An expression-bodied one-liner is one line.
        Assert.Contains(methods, m => m.Name == "ConfigStore.For" && m.Lines == 1);
        Assert.DoesNotContain(methods, m => m.Name.Contains('<', StringComparison.Ordinal));
    }
}
