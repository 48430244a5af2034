using Pipeline.Data;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Randomness;
using Pipeline.Tools.Commands;

namespace Pipeline.Tools.Evaluation;

/// <summary>
/// Computes <see cref="LikelihoodBounds"/> through the runtime's exported networks. For each test image x,
/// K draws z = μ + σ·ε from q(z | x) give log wₖ = log p(x | zₖ) + log p(zₖ) − log q(zₖ | x);
/// ELBO = mean log wₖ, IWAE = logsumexp log wₖ − log K. Data protocol: Bernoulli packages see a fixed
/// stochastic binarization of the test set (seeded), Gaussian packages its 8-bit pixels dequantized once (seeded), with
/// D ln 256 added so that the bounds are of the 8-bit images, in the units of the flows' and PixelCNNs' likelihoods.
/// </summary>
public static class VariationalBounds
{
    private const double LogTwoPi = 1.8378770664093453;

    public static LikelihoodBounds Compute(LatentVariableModel model, ImageDataset test, int images, int samples, long seed)
    {
        var likelihood = model.Manifest.Likelihood
            ?? throw new InvalidOperationException($"{model.Manifest.Name} has no likelihood section: only VAE packages have likelihood bounds");
        var random = new SeededRandom(unchecked((ulong)seed));
        var x = DatasetImages.From(test, images);
        var labels = model.IsConditional ? Enumerable.Range(0, x.Count).Select(test.Label).ToArray() : null;
        if (likelihood.Kind == LikelihoodKind.Bernoulli) x = AutoregressiveLikelihood.Binarize(x, random);
        else x = x.Dequantized(random);

        var (mean, logVariance) = model.EncodeDistribution(x, labels);
        var z = model.LatentSize;
        var d = x.PixelsPerImage;
        double elboSum = 0, iwaeSum = 0;
        var logWeights = new double[samples];
        var codes = new float[samples * z];
        var logPrior = new double[samples];
        var logPosterior = new double[samples];
        for (var n = 0; n < x.Count; n++)
        {
            for (var k = 0; k < samples; k++)
            {
                double prior = 0, posterior = 0;
                for (var j = 0; j < z; j++)
                {
                    var epsilon = random.NextNormal();
                    var logVar = logVariance[n * z + j];
                    var value = mean[n * z + j] + Math.Exp(0.5 * logVar) * epsilon;
                    codes[k * z + j] = (float)value;
                    prior += -0.5 * (value * value + LogTwoPi);
                    posterior += -0.5 * (epsilon * epsilon + LogTwoPi + logVar);
                }
                logPrior[k] = prior;
                logPosterior[k] = posterior;
            }
            var decoded = model.Decode(codes, labels is null ? null : Enumerable.Repeat(labels[n], samples).ToArray());
            var image = x.Image(n);
            for (var k = 0; k < samples; k++)
                logWeights[k] = LogLikelihood(likelihood, image, decoded.Image(k)) + logPrior[k] - logPosterior[k];
            elboSum += logWeights.Average();
            var max = logWeights.Max();
            iwaeSum += max + Math.Log(logWeights.Sum(w => Math.Exp(w - max))) - Math.Log(samples);
        }
        var protocol = likelihood.Kind == LikelihoodKind.Bernoulli
            ? "Bernoulli p(x|z) on a fixed stochastic binarization of the test images"
            : $"Gaussian p(x|z), σ = {likelihood.Sigma}, on 8-bit test pixels each dequantized once, x = (v + u)/256 with u ~ U[0, 1) (seeded): " +
              "−log P(v) ≤ −log p(x) + D ln 256, in nats of the 8-bit data";
        // A density on [0, 1]^D is not a probability of 8-bit images: the dequantized bound adds D ln 256 (as the flows' does).
        var discrete = likelihood.Kind == LikelihoodKind.Bernoulli ? 0 : d * Math.Log(256);
        return new LikelihoodBounds(x.Count, samples, protocol, -elboSum / x.Count + discrete, -iwaeSum / x.Count + discrete, d);
    }

    /// <summary>log p(x | z) summed over pixels, from the decoder's output (pixel probabilities or means).</summary>
    private static double LogLikelihood(LikelihoodSpec likelihood, ReadOnlySpan<float> x, ReadOnlySpan<float> output)
    {
        double sum = 0;
        if (likelihood.Kind == LikelihoodKind.Bernoulli)
        {
            for (var i = 0; i < x.Length; i++)
            {
                var p = Math.Clamp(output[i], 1e-7, 1 - 1e-7);
                sum += x[i] > 0.5f ? Math.Log(p) : Math.Log(1 - p);
            }
            return sum;
        }
        var variance = likelihood.Sigma * likelihood.Sigma;
        for (var i = 0; i < x.Length; i++)
        {
            var r = x[i] - (double)output[i];
            sum += -0.5 * (r * r / variance + Math.Log(2 * Math.PI * variance));
        }
        return sum;
    }
}
