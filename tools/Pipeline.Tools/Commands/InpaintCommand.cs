using System.CommandLine;
using Pipeline.Data;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Models;
using Pipeline.Tools.Images;
using Spectre.Console;

namespace Pipeline.Tools.Commands;

/// <summary>`inpaint`: regenerate a region of test images with a pixel-diffusion package (seed 003's inverse problem).</summary>
internal static class InpaintCommand
{
    public static Command Create()
    {
        var runtime = new RuntimeArguments();
        var diffusion = new DiffusionArguments();
        var count = new Option<int>("--count") { Description = "test images to complete (the first ones)", DefaultValueFactory = _ => 10 };
        var region = new Option<MaskRegion>("--region") { Description = "what to regenerate: bottomhalf, tophalf, lefthalf, righthalf or center", DefaultValueFactory = _ => MaskRegion.BottomHalf };
        var resampling = new Option<int>("--resampling") { Description = "RePaint's reverse steps per timestep (1: none)", DefaultValueFactory = _ => 1 };
        var seed = new Option<long>("--seed") { Description = "same seed, same images", DefaultValueFactory = _ => 1 };
        var label = new Option<int?>("--class") { Description = "conditional packages: the class of every completion (default: each image's true class)" };
        var output = new Option<string>("--out") { Description = "PNG grid to write (rows: originals, masked, completed)", DefaultValueFactory = _ => "inpainted.png" };
        var command = new Command("inpaint", "Regenerate a region of Fashion-MNIST test images with a pixel-diffusion package.")
            { count, region, resampling, seed, label, output };
        runtime.AddTo(command);
        diffusion.AddTo(command);
        command.SetAction(result =>
        {
            var n = BenchCommand.Positive(result.GetValue(count), "--count");
            var r = BenchCommand.Positive(result.GetValue(resampling), "--resampling");
            using var model = ModelPackage.OpenDiffusion(runtime.Model(result), runtime.Options(result));
            if (model.IsLatent) throw new UsageException($"{model.Manifest.Name} is a latent diffusion package: inpainting needs a pixel-diffusion package such as exported/ddpm");
            var options = diffusion.Options(result, model);                        // misuse is reported before the test set loads
            var grid = InpaintingGrid.Create(model, FashionMnist.Load(FashionMnistSplit.Test), n, result.GetValue(region), result.GetValue(seed),
                                             options, r, result.GetValue(label));
            var path = result.GetValue(output)!;
            grid.SaveGrid(path, grid.Count / 3);
            AnsiConsole.MarkupLineInterpolated($"{model.Manifest.Name}: {grid.Count / 3} test images with the {result.GetValue(region)} regenerated (rows: originals, masked, completed) → {path}");
            return 0;
        });
        return command;
    }
}
