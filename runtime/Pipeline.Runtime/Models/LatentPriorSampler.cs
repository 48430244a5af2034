using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Randomness;

namespace Pipeline.Runtime.Models;

/// <summary>
/// Draws latent codes from a package's prior in C#: per item, ε ~ N(0, I) of the latent size from a <see cref="SeededRandom"/>
/// (same seed, same codes), mapped by the prior: z = ε (standard normal), z = μ + L·ε (an autoencoder's fitted Gaussian) or
/// z = μ_c + σ·ε (component c of a mixture). With a truncation t, every |εᵢ| > t is drawn again (the truncation trick of
/// Brock et al. 2019): less varied, more typical codes.
/// </summary>
internal sealed class LatentPriorSampler
{
    private readonly LatentSpec spec;

    /// <param name="spec">A latent section the package reader has validated.</param>
    public LatentPriorSampler(LatentSpec spec) => this.spec = spec;

    /// <summary>Components of a mixture prior (0 for the others).</summary>
    public int Components => spec.Prior == LatentPrior.GaussianMixture ? spec.ComponentMeans!.Length / spec.Size : 0;

    /// <summary>
    /// <paramref name="count"/> codes [count, Size], row-major; <paramref name="components"/> picks each item's mixture
    /// component (a mixture prior without it takes the components in turn; other priors refuse it).
    /// </summary>
    public float[] Sample(int count, long seed, IReadOnlyList<int>? components = null, double? truncation = null)
    {
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, "draw at least one code");
        if (components is not null && components.Count != count) throw new ArgumentException($"give one component per code ({count}), got {components.Count}");
        var random = new SeededRandom(unchecked((ulong)seed));
        var epsilon = new double[spec.Size];
        var z = new float[count * spec.Size];
        for (var n = 0; n < count; n++)
        {
            for (var j = 0; j < epsilon.Length; j++)
            {
                var value = random.NextNormal();
                while (truncation is double bound && Math.Abs(value) > bound) value = random.NextNormal();
                epsilon[j] = value;
            }
            Map(epsilon, z.AsSpan(n * spec.Size, spec.Size), components?[n] ?? (Components > 0 ? n % Components : null));
        }
        return z;
    }

    /// <summary>Maps ε ~ N(0, I) to the prior: z = ε, z = μ + L·ε, or z = μ_c + σ·ε for <paramref name="component"/> c.</summary>
    public void Map(ReadOnlySpan<double> epsilon, Span<float> z, int? component = null)
    {
        var size = spec.Size;
        if (epsilon.Length != size || z.Length != size) throw new ArgumentException($"ε and z hold {size} values each");
        if (spec.Prior == LatentPrior.GaussianMixture)
        {
            var c = component ?? throw new ArgumentException("a mixture prior draws from one component: pass its class");
            if (c < 0 || c >= Components) throw new ArgumentOutOfRangeException(nameof(component), c, $"the mixture has components 0..{Components - 1}");
            for (var i = 0; i < size; i++) z[i] = (float)(spec.ComponentMeans![c * size + i] + spec.ComponentStd!.Value * epsilon[i]);
            return;
        }
        if (component is not null) throw new ArgumentException($"{PackageReader.WithArticle(spec.Prior)} prior has no components: pass no class");
        for (var i = 0; i < size; i++)
        {
            if (spec.Prior == LatentPrior.StandardNormal)
            {
                z[i] = (float)epsilon[i];
                continue;
            }
            var value = spec.Mean![i];
            for (var k = 0; k <= i; k++) value += spec.ScaleTril![i * size + k] * epsilon[k];
            z[i] = (float)value;
        }
    }
}
