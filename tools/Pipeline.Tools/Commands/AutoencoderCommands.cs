using System.CommandLine;
using Pipeline.Data;
using Pipeline.Models.Autoencoders;
using Pipeline.Tools.Evaluation;
using TorchSharp;
using static TorchSharp.torch;
using Spectre.Console;

namespace Pipeline.Tools.Commands;

/// <summary>`train &lt;autoencoder kind&gt;`: the deterministic autoencoders, reporting the test MSE against the mean-image baseline.</summary>
internal static class AutoencoderCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Mlp();
        yield return Linear();
        yield return Conv();
        yield return Denoising();
        yield return Sparse();
        yield return Contractive();
        yield return Constrained();
    }

    private static Command Mlp()
    {
        var latent = ModelOptions.Latent(2);
        var output = new Option<OutputActivation>("--output") { Description = "activation of the decoder's output", DefaultValueFactory = _ => OutputActivation.None };
        return ModelTrainingCommand.Create("autoencoder", MlpAutoencoder.Kind, "The MLP autoencoder of seed 000 (784-128-64-12-2 and back), MSE loss, Adam.",
            new TrainingDefaults(2, 128, 1e-3), new Option[] { latent, output },
            result => new MlpAutoencoder(new MlpAutoencoderConfig { LatentSize = result.GetValue(latent), Output = result.GetValue(output) }),
            (model, train, test, device) => PrintReconstruction(model, train, test, device));
    }

    private static Command Linear()
    {
        var latent = ModelOptions.Latent(16);
        return ModelTrainingCommand.Create("linear-autoencoder", LinearAutoencoder.Kind,
            "PCA as a linear autoencoder (seed 002): z = W₁(x − μ), x′ = W₂ᵀz + μ, MSE by gradient descent; compared at the end with exact PCA of the training set.",
            new TrainingDefaults(10, 128, 1e-3), new Option[] { latent },
            result => new LinearAutoencoder(new LinearAutoencoderConfig { LatentSize = result.GetValue(latent) }),
            (model, train, test, device) =>
            {
                PrintReconstruction(model, train, test, device);
                var comparison = LinearAutoencoderComparison.Compute(model, train, test);
                AnsiConsole.MarkupLineInterpolated($"exact PCA (training covariance, p = {model.LatentSize}): test MSE {comparison.PcaTestMse:F6} vs the linear autoencoder's {comparison.AutoencoderTestMse:F6} ({comparison.MseRatio:F4}×)");
                AnsiConsole.MarkupLineInterpolated($"principal angles between span(W₂ᵀ) and PCA's subspace: largest {comparison.Angles[^1]:F3}°, median {comparison.Angles[comparison.Angles.Length / 2]:F3}°");
            },
            prepare: (model, train) => model.SetMean(train));
    }

    private static Command Conv()
    {
        var latent = ModelOptions.Latent(16);
        return ModelTrainingCommand.Create("conv-autoencoder", ConvAutoencoder.Kind,
            "Conv autoencoder: Conv 1→32 s2, Conv 32→64 s2, Linear → z, mirrored transposed convs, sigmoid; MSE loss.",
            new TrainingDefaults(2, 128, 2e-3), new Option[] { latent },
            result => new ConvAutoencoder(new ConvAutoencoderConfig { LatentSize = result.GetValue(latent) }),
            (model, train, test, device) => PrintReconstruction(model, train, test, device));
    }

    private static Command Denoising()
    {
        var latent = ModelOptions.Latent(16);
        var noiseStd = new Option<double>("--noise-std") { Description = "σ of the corruption x̃ = clamp(x + σ·ε, 0, 1)", DefaultValueFactory = _ => 0.5 };
        return ModelTrainingCommand.Create("denoising-autoencoder", DenoisingAutoencoder.Kind,
            "Denoising autoencoder: the conv autoencoder fed x̃ = clamp(x + σ·ε, 0, 1), trained to give back the clean x.",
            new TrainingDefaults(2, 128, 2e-3), new Option[] { latent, noiseStd },
            result => new DenoisingAutoencoder(new DenoisingAutoencoderConfig
            {
                Network = new ConvAutoencoderConfig { LatentSize = result.GetValue(latent) },
                NoiseStd = result.GetValue(noiseStd),
            }),
            (model, train, test, device) =>
            {
                PrintReconstruction(model, train, test, device);
                var denoising = DenoisingError.Evaluate(model, test, model.Config.NoiseStd, device);
                AnsiConsole.MarkupLineInterpolated($"denoising (σ {denoising.NoiseStd}, fixed-seed noise): output MSE {denoising.DenoisedMse:F5} vs corrupted input {denoising.NoisyInputMse:F5}, {denoising.Improvement:F2}× lower");
            });
    }

    private static Command Sparse()
    {
        var latent = ModelOptions.Latent(32);
        var lambda = ModelOptions.Lambda(0.01, "the L1 penalty λ·mean|z|");
        return ModelTrainingCommand.Create("sparse-autoencoder", SparseAutoencoder.Kind,
            "Sparse autoencoder (seed 002): MLP 784-256-128-z, loss MSE + λ·mean|z|.",
            new TrainingDefaults(5, 128, 1e-3), new Option[] { latent, lambda },
            result => new SparseAutoencoder(new SparseAutoencoderConfig
            {
                Network = RegularizedNetworks.Default with { LatentSize = result.GetValue(latent) },
                Lambda = result.GetValue(lambda),
            }),
            (model, train, test, device) =>
            {
                PrintReconstruction(model, train, test, device);
                var code = CodeStatistics.Evaluate(model, test, device);
                AnsiConsole.MarkupLineInterpolated($"code on the test set: mean |z| {code.MeanAbsolute:F4}, Hoyer sparsity {code.HoyerSparsity:F3} (0 dense … 1 one-hot)");
            });
    }

    private static Command Contractive()
    {
        var latent = ModelOptions.Latent(32);
        var lambda = ModelOptions.Lambda(1e-3, "the Jacobian penalty λ·‖J_f(x)‖²_F");
        return ModelTrainingCommand.Create("contractive-autoencoder", ContractiveAutoencoder.Kind,
            "Contractive autoencoder (seed 002): MLP 784-256-128-z, loss MSE + λ·‖J_f(x)‖²_F (Hutchinson estimate).",
            new TrainingDefaults(5, 128, 1e-3), new Option[] { latent, lambda },
            result => new ContractiveAutoencoder(new ContractiveAutoencoderConfig
            {
                Network = RegularizedNetworks.Default with { LatentSize = result.GetValue(latent) },
                Lambda = result.GetValue(lambda),
            }),
            (model, train, test, device) =>
            {
                PrintReconstruction(model, train, test, device);
                var norm = ContractionStatistics.Evaluate(model, test.Take(1000), device);
                AnsiConsole.MarkupLineInterpolated($"encoder Jacobian on 1,000 test images: mean ‖J‖²_F {norm:F3} (exact, one gradient per code dimension)");
            });
    }

    private static Command Constrained()
    {
        var latent = ModelOptions.Latent(32);
        var lambda = ModelOptions.Lambda(1.0, "the class loss L2 in the encoder's loss L1 + λ·L2");
        return ModelTrainingCommand.Create("constrained-autoencoder", ConstrainedAutoencoder.Kind,
            "Constrained autoencoder (seed 000): MLP 784-256-128-z with a linear class head t̂ = Linear(z); decoder on L1, head on L2, encoder on L1 + λ·L2.",
            new TrainingDefaults(5, 128, 1e-3), new Option[] { latent, lambda },
            result => new ConstrainedAutoencoder(new ConstrainedAutoencoderConfig
            {
                Network = RegularizedNetworks.Default with { LatentSize = result.GetValue(latent) },
                Lambda = result.GetValue(lambda),
            }),
            (model, train, test, device) =>
            {
                PrintReconstruction(model, train, test, device);
                AnsiConsole.MarkupLineInterpolated($"class head on the test set: accuracy {ClassifierAccuracy.Evaluate(model, test, device):P2}");
            });
    }

    private static void PrintReconstruction(Autoencoder model, ImageDataset train, ImageDataset test, Device device)
    {
        var report = ReconstructionError.Report(model, train, test, device);
        AnsiConsole.MarkupLineInterpolated($"test MSE per pixel {report.TestMse:F5}; mean-image baseline {report.MeanImageMse:F5}; {report.ImprovementOverBaseline:F2}× lower");
    }
}
