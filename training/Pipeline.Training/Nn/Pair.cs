namespace Pipeline.Nn;

/// <summary>A (height, width) pair of sizes, strides or paddings; an integer converts to (n, n).</summary>
public readonly record struct Pair(long H, long W)
{
    public static implicit operator Pair(long n) => new(n, n);

    public static implicit operator Pair(int n) => new(n, n);

    public static implicit operator Pair((long H, long W) pair) => new(pair.H, pair.W);

    /// <summary>(1, 1) in place of the default (0, 0), for strides and dilations left unset.</summary>
    internal Pair OrOne => H == 0 && W == 0 ? new Pair(1, 1) : this;

    public override string ToString() => $"({H}, {W})";
}
