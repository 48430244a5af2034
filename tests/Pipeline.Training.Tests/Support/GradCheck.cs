using NUnit.Framework;
using Pipeline.Tensors;

namespace Pipeline.Tests.Support;

/// <summary>
/// Compares autograd gradients with central finite differences in float64:
/// for s = Σ f(x)·w with a fixed random w, ∂s/∂xⱼ ≈ (s(x + εeⱼ) − s(x − εeⱼ)) / 2ε.
/// </summary>
internal static class GradCheck
{
    public static void AssertGradientsMatch(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps = 1e-6, double atol = 1e-6, double rtol = 1e-4)
    {
        using var scope = DisposeScope.Enter();
        foreach (var x in inputs)
        {
            Assert.That(x.DType, Is.EqualTo(DType.Float64), "gradient checks run in float64");
            x.RequiresGrad = true;
        }
        using var generator = new Generator(1234);
        var output = f(inputs);
        var weights = Torch.RandnLike(output, generator);
        var s = (output * weights).Sum();
        var analytic = Torch.Grad(new[] { s }, inputs, allowUnused: true);

        double Evaluate()
        {
            using var inner = DisposeScope.Enter();
            return (f(inputs) * weights).Sum().ToDouble();
        }

        for (var i = 0; i < inputs.Length; i++)
        {
            var data = inputs[i].AsSpan<double>();
            var numeric = new double[data.Length];
            for (var j = 0; j < data.Length; j++)
            {
                var original = data[j];
                data[j] = original + eps;
                var plus = Evaluate();
                data = inputs[i].AsSpan<double>();
                data[j] = original - eps;
                var minus = Evaluate();
                data = inputs[i].AsSpan<double>();
                data[j] = original;
                numeric[j] = (plus - minus) / (2 * eps);
            }
            var computed = analytic[i]?.ToArray<double>() ?? new double[numeric.Length];
            for (var j = 0; j < numeric.Length; j++)
            {
                var tolerance = atol + rtol * Math.Abs(numeric[j]);
                Assert.That(computed[j], Is.EqualTo(numeric[j]).Within(tolerance),
                    $"input {i}, element {j}: autograd {computed[j]}, finite differences {numeric[j]}");
            }
        }
    }

    /// <summary>A float64 tensor of standard normal values from a fixed seed.</summary>
    public static Tensor Randn(long seed, params long[] shape)
    {
        using var generator = new Generator(seed);
        return Torch.Randn(shape, generator, DType.Float64);
    }
}
