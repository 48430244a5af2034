using System.CommandLine;
using Pipeline.Data;
using Pipeline.Models;
using Pipeline.Models.Diffusion;
using Pipeline.Runtime.Images;
using TorchSharp;
using static TorchSharp.torch;
using Pipeline.Tools.Images;
using Spectre.Console;

namespace Pipeline.Tools.Commands;

/// <summary>`train ddpm`: the DDPM U-Net (Algorithm 1), EMA weights, a DDIM sample grid every few hundred steps.</summary>
internal static class DiffusionCommands
{
    public static IEnumerable<Command> Create()
    {
        var channels = new Option<int>("--channels") { Description = "base channels of the U-Net (×1, ×2, ×2 at 28, 14, 7)", DefaultValueFactory = _ => 32 };
        var classes = new Option<bool>("--conditional") { Description = "class-conditional with label dropout 0.1 (classifier-free guidance)" };
        var previewEvery = new Option<int>("--preview-every") { Description = "write a DDIM sample grid every this many steps (0: never)", DefaultValueFactory = _ => 500 };
        long lastPreview = 0;
        yield return ModelTrainingCommand.Create("ddpm", DdpmModel.Kind,
            "DDPM (seed 003 §V): ε-prediction U-Net with attention at 7×7, T = 1000, β linear 1e-4 → 0.02, EMA 0.999 weights exported.",
            new TrainingDefaults(20, 128, 2e-4, EmaDecay: 0.999), new Option[] { channels, classes, previewEvery },
            result => new DdpmModel(new DdpmConfig
            {
                UNet = UNetConfig.WithBaseChannels(result.GetValue(channels)) with { Classes = result.GetValue(classes) ? 10 : 0 },
            }),
            (model, _, _, _) => WritePreview(model, $"checkpoints/{(model.ClassCount is null ? "ddpm" : "ddpm-conditional")}-final.png"),
            (result, model, progress) =>
            {
                var every = result.GetValue(previewEvery);
                if (every <= 0 || progress.Step - lastPreview < every) return;
                lastPreview = progress.Step;
                WritePreview(model, $"checkpoints/{(model.ClassCount is null ? "ddpm" : "ddpm-conditional")}-preview.png");
            });
    }

    /// <summary>16 images by 20 DDIM steps in TorchSharp (a preview; the runtime's samplers are the product's).</summary>
    private static void WritePreview(DdpmModel model, string path)
    {
        using var images = DdimPreview.Sample(model, 16, 20, seed: 1);
        PngFile.Write(path, ImageGrid.Compose(images.cpu().data<float>().ToArray(), 28, 28, 8));
        AnsiConsole.MarkupLineInterpolated($"sample grid: {path}");
    }
}
