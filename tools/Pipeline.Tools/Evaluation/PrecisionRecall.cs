using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tools.Evaluation;

/// <summary>
/// Improved precision and recall (Kynkäänniemi et al. 2019): each set's manifold is the union of balls
/// around its points with radius the distance to the k-th nearest neighbour in the same set (k = 3).
/// Precision: the share of generated points inside the real manifold; recall: the share of real points
/// inside the generated manifold. Distances are computed in chunks with TorchSharp.
/// </summary>
public static class PrecisionRecall
{
    public static (double Precision, double Recall) Compute(float[] real, float[] generated, int dimension, int k = 3)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var r = tensor(real, [real.Length / dimension, dimension]).to(ScalarType.Float64);
        var g = tensor(generated, [generated.Length / dimension, dimension]).to(ScalarType.Float64);
        var realRadii = KthNeighbourDistances(r, k);
        var generatedRadii = KthNeighbourDistances(g, k);
        return (CoveredShare(g, r, realRadii), CoveredShare(r, g, generatedRadii));
    }

    /// <summary>Squared distance from every point to its k-th nearest other point of the same set.</summary>
    private static Tensor KthNeighbourDistances(Tensor points, int k)
    {
        var parts = new List<Tensor>();
        foreach (var chunk in points.split(1000))
        {
            // the point itself is at distance 0, so take the (k+1)-th smallest
            var (values, _) = SquaredDistances(chunk, points).topk(k + 1, dim: 1, largest: false);
            parts.Add(values.select(1, k));
        }
        return cat(parts, 0);
    }

    /// <summary>The share of <paramref name="queries"/> within the radius of at least one of <paramref name="centres"/>.</summary>
    private static double CoveredShare(Tensor queries, Tensor centres, Tensor radii)
    {
        long covered = 0;
        foreach (var chunk in queries.split(1000))
            covered += (SquaredDistances(chunk, centres) <= radii.unsqueeze(0)).any(1).to(ScalarType.Int64).sum().ToInt64();
        return (double)covered / queries.size(0);
    }

    /// <summary>‖a − b‖² = ‖a‖² + ‖b‖² − 2a·b for every pair: [A, B].</summary>
    private static Tensor SquaredDistances(Tensor a, Tensor b) =>
        (a.square().sum(1, keepdim: true) + b.square().sum(1).unsqueeze(0) - 2 * a.matmul(b.t())).clamp_min(0);
}
