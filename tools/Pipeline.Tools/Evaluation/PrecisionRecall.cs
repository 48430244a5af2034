using Pipeline.Tensors;

namespace Pipeline.Tools.Evaluation;

/// <summary>
/// Improved precision and recall (Kynkäänniemi et al. 2019): each set's manifold is the union of balls
/// around its points with radius the distance to the k-th nearest neighbour in the same set (k = 3).
/// Precision: the share of generated points inside the real manifold; recall: the share of real points
/// inside the generated manifold. Distances are computed in chunks with libtorch.
/// </summary>
public static class PrecisionRecall
{
    public static (double Precision, double Recall) Compute(float[] real, float[] generated, int dimension, int k = 3)
    {
        using var scope = DisposeScope.Enter();
        using var noGrad = Torch.NoGrad();
        var r = Tensor.From(real, real.Length / dimension, dimension).Double();
        var g = Tensor.From(generated, generated.Length / dimension, dimension).Double();
        var realRadii = KthNeighbourDistances(r, k);
        var generatedRadii = KthNeighbourDistances(g, k);
        return (CoveredShare(g, r, realRadii), CoveredShare(r, g, generatedRadii));
    }

    /// <summary>Squared distance from every point to its k-th nearest other point of the same set.</summary>
    private static Tensor KthNeighbourDistances(Tensor points, int k)
    {
        var parts = new List<Tensor>();
        foreach (var chunk in points.Split(1000))
        {
            // the point itself is at distance 0, so take the (k+1)-th smallest
            var (values, _) = SquaredDistances(chunk, points).TopK(k + 1, dim: 1, largest: false);
            parts.Add(values.Select(1, k));
        }
        return Torch.Cat(parts);
    }

    /// <summary>The share of <paramref name="queries"/> within the radius of at least one of <paramref name="centres"/>.</summary>
    private static double CoveredShare(Tensor queries, Tensor centres, Tensor radii)
    {
        long covered = 0;
        foreach (var chunk in queries.Split(1000))
            covered += (SquaredDistances(chunk, centres) <= radii.Unsqueeze(0)).Any(1).To(DType.Int64).Sum().ToInt64();
        return (double)covered / queries.Size(0);
    }

    /// <summary>‖a − b‖² = ‖a‖² + ‖b‖² − 2a·b for every pair: [A, B].</summary>
    private static Tensor SquaredDistances(Tensor a, Tensor b) =>
        (a.Square().Sum(1, keepDim: true) + b.Square().Sum(1).Unsqueeze(0) - 2 * a.MatMul(b.T)).Clamp(min: 0);
}
