namespace Pipeline.Runtime.Diffusion;

/// <summary>Ho and Salimans 2022, classifier-free guidance: ε̂ = ε̂(x, ∅) + w·(ε̂(x, c) − ε̂(x, ∅)).</summary>
internal static class ClassifierFreeGuidance
{
    /// <summary>Writes the guided prediction into <paramref name="guided"/> (all spans [N·D]).</summary>
    public static void Combine(ReadOnlySpan<float> unconditional, ReadOnlySpan<float> conditional, float scale, Span<float> guided)
    {
        for (var i = 0; i < guided.Length; i++)
            guided[i] = unconditional[i] + scale * (conditional[i] - unconditional[i]);
    }
}
