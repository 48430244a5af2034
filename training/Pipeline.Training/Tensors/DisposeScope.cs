namespace Pipeline.Tensors;

/// <summary>
/// Collects every tensor created on this thread while it is the innermost scope, and
/// disposes them all when it is disposed, so a training loop releases each step's
/// native memory deterministically:
/// <code>
/// for (...) { using var scope = DisposeScope.Enter(); var loss = ...; loss.Backward(); optimizer.Step(); }
/// </code>
/// Keep a tensor beyond the scope with <see cref="Tensor.MoveToOuterScope"/> or
/// <see cref="Tensor.DetachFromDisposeScope"/>. Scopes nest and belong to one thread.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] private static DisposeScope? current;

    private readonly List<Tensor> tensors = new();
    private readonly DisposeScope? outer;
    private bool disposed;

    private DisposeScope(DisposeScope? outer) => this.outer = outer;

    /// <summary>The innermost scope of this thread, or null.</summary>
    public static DisposeScope? Current => current;

    /// <summary>Opens a scope that becomes the innermost one of this thread.</summary>
    public static DisposeScope Enter() => current = new DisposeScope(current);

    /// <summary>How many tensors this scope still owns.</summary>
    public int Count => tensors.Count(t => t.Scope == this);

    internal DisposeScope? Outer => outer;

    internal void Register(Tensor tensor)
    {
        tensors.Add(tensor);
        tensor.Scope = this;
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var tensor in tensors)
        {
            if (tensor.Scope == this) tensor.Dispose();
        }
        tensors.Clear();
        if (current == this) current = outer;
    }
}
