using System.CommandLine;
using Pipeline.Checkpoints;
using Pipeline.Data;
using Pipeline.Models.Autoregressive;
using Pipeline.Models.Quantized;
using Spectre.Console;
using static TorchSharp.torch;

namespace Pipeline.Tools.Commands;

/// <summary>
/// `train vqvae` (the VQ-VAE: encoder, codebook, decoder) and `train vqvae-prior --vqvae &lt;checkpoint&gt;` (the PixelCNN
/// over its codes, which makes the exportable package); seed 001 §4.
/// </summary>
internal static class QuantizedCommands
{
    public static IEnumerable<Command> Create()
    {
        var codes = new Option<int>("--codes") { Description = "K: entries of the codebook", DefaultValueFactory = _ => 128 };
        var dimension = new Option<int>("--dimension") { Description = "D: size of each code vector", DefaultValueFactory = _ => 16 };
        var beta = new Option<double>("--beta") { Description = "β of the commitment loss β‖z_e − sg[e]‖²", DefaultValueFactory = _ => 0.25 };
        var ema = new Option<bool>("--ema") { Description = "learn the codebook as moving averages of its assigned encoder outputs (no codebook loss)" };
        var decay = new Option<double>("--decay") { Description = "γ of the moving averages", DefaultValueFactory = _ => 0.99 };
        var restart = new Option<bool>("--restart-dead") { Description = "move codes whose usage falls below --dead-threshold onto encoder outputs of the batch" };
        var threshold = new Option<double>("--dead-threshold") { Description = "a code is dead below this moving average of assignments per step", DefaultValueFactory = _ => 1 };
        var residual = new Option<int>("--residual-blocks") { Description = "residual blocks at the bottom of the encoder and the top of the decoder", DefaultValueFactory = _ => 2 };
        yield return ModelTrainingCommand.Create("vqvae", VqVae.Kind,
            "VQ-VAE (seed 001 §4): conv encoder to a 7×7 grid of D-vectors, nearest-neighbour codebook, straight-through gradient, loss = MSE + ‖sg[z_e] − e‖² + β‖z_e − sg[e]‖².",
            new TrainingDefaults(10, 128, 1e-3), new Option[] { codes, dimension, beta, ema, decay, restart, threshold, residual },
            result => new VqVae(new VqVaeConfig
            {
                Codes = result.GetValue(codes), Dimension = result.GetValue(dimension), Beta = result.GetValue(beta), Ema = result.GetValue(ema),
                Decay = result.GetValue(decay), RestartDeadCodes = result.GetValue(restart), DeadThreshold = result.GetValue(threshold),
                ResidualBlocks = result.GetValue(residual),
            }),
            (model, _, test, device) =>
            {
                PrintCodebook(model, test, device);
                AnsiConsole.MarkupLine("train its prior next: tools/pipeline train vqvae-prior --vqvae <checkpoint> [[--conditional]]");
            });

        var vqvae = new Option<string>("--vqvae") { Description = "the VQ-VAE checkpoint whose codes the prior learns", DefaultValueFactory = _ => "checkpoints/vqvae.safetensors" };
        var conditional = new Option<bool>("--conditional") { Description = "class-conditional prior: a learned bias per class in every block" };
        var channels = new Option<int>("--channels") { Description = "width 2h of the PixelCNN's residual stream", DefaultValueFactory = _ => 64 };
        var blocks = new Option<int>("--blocks") { Description = "residual blocks of 3×3 type-B masked convolutions", DefaultValueFactory = _ => 4 };
        var firstKernel = new Option<int>("--first-kernel") { Description = "kernel of the type-A masked convolution over the code grid", DefaultValueFactory = _ => 5 };
        yield return ModelTrainingCommand.Create("vqvae-prior", VqVaePrior.Kind,
            "The VQ-VAE's prior (seed 001 §4): a PixelCNN over the grid of code indices of a frozen VQ-VAE (embedded in the checkpoint); its checkpoint exports the package.",
            new TrainingDefaults(10, 128, 1e-3), new Option[] { vqvae, conditional, channels, blocks, firstKernel },
            result => BuildPrior(result.GetValue(vqvae)!, new PixelCnnConfig
            {
                Channels = result.GetValue(channels), OutputChannels = result.GetValue(channels), Blocks = result.GetValue(blocks),
                FirstKernel = result.GetValue(firstKernel), Classes = result.GetValue(conditional) ? 10 : 0,
            }),
            PrintPrior);
    }

    /// <summary>Loads the VQ-VAE checkpoint and builds the prior around its weights.</summary>
    private static VqVaePrior BuildPrior(string path, PixelCnnConfig prior)
    {
        if (!File.Exists(path)) throw new UsageException($"no checkpoint at {path}: train the VQ-VAE first (tools/pipeline train vqvae --out {path})");
        var kind = Checkpoint.ReadKind(path);
        if (kind != VqVae.Kind) throw new UsageException($"{path} holds a {kind} model: the prior needs a {VqVae.Kind} checkpoint");
        using var checkpoint = Checkpoint.Load(path, kind);
        var config = VqVaeConfig.FromJson(checkpoint.ConfigJson);
        using var autoencoder = new VqVae(config);
        checkpoint.RestoreModel(autoencoder);
        AnsiConsole.MarkupLineInterpolated($"VQ-VAE from {path} ({checkpoint.Step} steps): {config.Codes} codes of {config.Dimension}, grid {config.GridSize}×{config.GridSize}");
        var model = new VqVaePrior(new VqVaePriorConfig { Autoencoder = config, Prior = VqVaePriorConfig.ForCodes(config, prior) });
        model.Autoencoder.load_state_dict(autoencoder.state_dict());
        return model;
    }

    private static void PrintCodebook(VqVae model, ImageDataset test, Device device)
    {
        var report = VqVaeEvaluation.Codebook(model, test, device);
        AnsiConsole.MarkupLineInterpolated($"test ({report.Images:N0} images): reconstruction MSE {report.ReconstructionMse:G4} per pixel; codebook perplexity {report.Perplexity:F1} of {report.Codes}, {report.DeadCodes} codes never used");
    }

    private static void PrintPrior(VqVaePrior model, ImageDataset train, ImageDataset test, Device device)
    {
        PrintCodebook(model.Autoencoder, test, device);
        var (nats, bits) = VqVaeEvaluation.Prior(model, test, device);
        var given = model.ClassCount is null ? "" : ", given each image's class";
        AnsiConsole.MarkupLineInterpolated($"prior: test NLL of the codes {nats:F2} nats per grid, {bits:F4} bits per code (uniform: {Math.Log2(model.Codes):F4}{given}, exact)");
        AnsiConsole.MarkupLine("export the checkpoint below with tools/pipeline export --checkpoint <checkpoint> --out exported/<name>");
    }
}
