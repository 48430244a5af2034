using System.CommandLine;
using Pipeline.Checkpoints;
using Pipeline.Data;
using Pipeline.Models.Diffusion;
using TorchSharp;
using static TorchSharp.torch;
using Pipeline.Randomness;
using DataLoader = Pipeline.Data.DataLoader;
using Spectre.Console;

namespace Pipeline.Tools.Commands;

/// <summary>`train latent-ddpm --vae checkpoints/vae-conv.safetensors`: a DDPM over the frozen VAE's scaled posterior means.</summary>
internal static class LatentDiffusionCommand
{
    public static Command Create()
    {
        var vae = new Option<string>("--vae") { Description = "the VAE checkpoint (vae-conv or vae-mlp) whose latent space is diffused", DefaultValueFactory = _ => "checkpoints/vae-conv.safetensors" };
        var width = new Option<int>("--width") { Description = "width of the denoiser MLP", DefaultValueFactory = _ => 256 };
        var blocks = new Option<int>("--blocks") { Description = "residual blocks of the denoiser", DefaultValueFactory = _ => 3 };
        return ModelTrainingCommand.Create("latent-ddpm", LatentDdpmModel.Kind,
            "Latent diffusion (seed 003): DDPM over z = latent_scale·μ(x) of a frozen VAE (embedded in the checkpoint), MLP ε-predictor; the package chains latent sampling and the VAE decoder.",
            new TrainingDefaults(20, 256, 1e-3, EmaDecay: 0.999), new Option[] { vae, width, blocks },
            result => Build(result.GetValue(vae)!, BenchCommand.Positive(result.GetValue(width), "--width"), BenchCommand.Positive(result.GetValue(blocks), "--blocks"),
                            result.GetValue<TrainingData>("--data")),
            Report);
    }

    /// <summary>
    /// Loads the VAE checkpoint, computes latent_scale = 1/std(μ) over the training set the DDPM trains on (--data), and
    /// builds the model around the VAE's weights.
    /// </summary>
    private static LatentDdpmModel Build(string vaePath, int width, int blocks, TrainingData data)
    {
        if (!File.Exists(vaePath)) throw new UsageException($"no checkpoint at {vaePath}: train a VAE first (tools/pipeline train vae-conv)");
        var kind = Checkpoint.ReadKind(vaePath);
        if (kind is not (Pipeline.Models.Variational.VaeMlp.Kind or Pipeline.Models.Variational.VaeConv.Kind))
            throw new UsageException($"{vaePath} holds a {kind} model: latent diffusion needs a vae-conv or vae-mlp checkpoint");
        using var checkpoint = Checkpoint.Load(vaePath, kind);
        using var vae = LatentVae.Create(kind, checkpoint.ConfigJson);
        checkpoint.RestoreModel(vae);
        var scale = LatentStatistics.LatentScale(vae, TrainingDataSets.Load(data).Train);
        AnsiConsole.MarkupLineInterpolated($"VAE: {kind} from {vaePath} ({checkpoint.Step} steps), {vae.LatentSize} latents; latent_scale = 1/std(μ) = {scale:G5}");
        var model = new LatentDdpmModel(new LatentDdpmConfig { VaeKind = kind, VaeConfig = checkpoint.ConfigJson, Width = width, Blocks = blocks, LatentScale = scale });
        model.Vae.load_state_dict(vae.state_dict());
        return model;
    }

    /// <summary>The denoising loss on 1,000 test images (fixed t and ε draws) and the scaled latents' spread.</summary>
    private static void Report(LatentDdpmModel model, ImageDataset train, ImageDataset test, Device device)
    {
        model.eval();
        using var noGrad = no_grad();
        using var noise = Noise.Seeded(0);
        var subset = test.Take(1000);
        foreach (var batch in new DataLoader(subset, subset.Count, shuffle: false, transform: model.TrainingPixels))
        {
            using var owned = batch;
            using var scope = NewDisposeScope();
            var images = batch.Images.to(device);
            var latents = model.Latents(images);
            var loss = model.Loss(new Batch(images, batch.Labels.to(device), batch.Indices.ToArray()), noise).Total.ToDouble();
            AnsiConsole.MarkupLineInterpolated($"test (1,000 images): denoising MSE {loss:G4} (1 = predicting zero noise); scaled latents: std {latents.std().ToDouble():G4}");
        }
        AnsiConsole.MarkupLine("export the checkpoint below with tools/pipeline export --checkpoint <checkpoint> --out exported/latent-ddpm (denoiser + the VAE's decoder)");
    }
}
