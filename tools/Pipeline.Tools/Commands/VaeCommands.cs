using System.CommandLine;
using Pipeline.Data;
using Pipeline.Models.Variational;
using TorchSharp;
using static TorchSharp.torch;
using Spectre.Console;

namespace Pipeline.Tools.Commands;

/// <summary>`train vae-mlp | vae-conv | cvae`: the VAEs, reporting the test-set −ELBO in nats per image and bits per dimension.</summary>
internal static class VaeCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Mlp();
        yield return Conv();
        yield return Conditional();
        yield return ArVaeCommand.Create();
    }

    private static Command Mlp()
    {
        var (latent, likelihood, std) = (ModelOptions.Latent(16), ModelOptions.Likelihood(), ModelOptions.ObservationStd());
        return ModelTrainingCommand.Create("vae-mlp", VaeMlp.Kind,
            "MLP VAE (seeds 000/004): 784-128-64 → (μ, log σ²), z = μ + σ·ε, 64-128-784 back; loss −ELBO = −log p(x|z) + KL.",
            new TrainingDefaults(10, 128, 1e-3), new Option[] { latent, likelihood, std },
            result => new VaeMlp(new VaeMlpConfig
            {
                LatentSize = result.GetValue(latent), Likelihood = result.GetValue(likelihood), ObservationStd = result.GetValue(std),
            }),
            PrintElbo);
    }

    private static Command Conv()
    {
        var (latent, likelihood, std) = (ModelOptions.Latent(16), ModelOptions.Likelihood(), ModelOptions.ObservationStd());
        return ModelTrainingCommand.Create("vae-conv", VaeConv.Kind,
            "Conv VAE: Conv 1→32 s2, Conv 32→64 s2 → (μ, log σ²), mirrored transposed convs back; loss −ELBO.",
            new TrainingDefaults(3, 128, 2e-3), new Option[] { latent, likelihood, std },
            result => new VaeConv(new VaeConvConfig
            {
                LatentSize = result.GetValue(latent), Likelihood = result.GetValue(likelihood), ObservationStd = result.GetValue(std),
            }),
            PrintElbo);
    }

    private static Command Conditional()
    {
        var (latent, likelihood, std) = (ModelOptions.Latent(16), ModelOptions.Likelihood(), ModelOptions.ObservationStd());
        return ModelTrainingCommand.Create("cvae", ConditionalVae.Kind,
            "Conditional VAE (seed 001): q(z|x, c) and p(x|z, c) with the one-hot class c concatenated to each input; loss −ELBO.",
            new TrainingDefaults(10, 128, 1e-3), new Option[] { latent, likelihood, std },
            result => new ConditionalVae(new ConditionalVaeConfig
            {
                LatentSize = result.GetValue(latent), Likelihood = result.GetValue(likelihood), ObservationStd = result.GetValue(std),
            }),
            PrintElbo);
    }

    private static void PrintElbo(VariationalAutoencoder model, ImageDataset train, ImageDataset test, Device device)
    {
        var report = ElboEvaluation.Evaluate(model, test, device);
        var data = report.Likelihood == Likelihood.Bernoulli ? "fixed binarization of the test set" : "test pixels in [0, 1]";
        AnsiConsole.MarkupLineInterpolated($"test −ELBO {report.NegativeElbo:F2} nats/image ({data}, one fixed-seed sample): −log p(x|z) {report.ReconstructionNll:F2} + KL {report.Kl:F2}; {report.BitsPerDimension:F4} bits/dim");
    }
}
