namespace Pipeline.Nn;

/// <summary>A state dict does not fit a module; <see cref="Problems"/> lists every mismatch.</summary>
public sealed class StateDictMismatchException : Exception
{
    public StateDictMismatchException(string module, IReadOnlyList<string> problems)
        : base($"the state does not fit {module} ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}):\n  " + string.Join("\n  ", problems))
    {
        Problems = problems;
    }

    public IReadOnlyList<string> Problems { get; }
}
