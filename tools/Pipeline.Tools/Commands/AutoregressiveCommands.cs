using System.CommandLine;
using Pipeline.Data;
using Pipeline.Models.Autoregressive;
using TorchSharp;
using static TorchSharp.torch;
using Spectre.Console;

namespace Pipeline.Tools.Commands;

/// <summary>`train fvsbn | nade | made | pixelcnn | gated-pixelcnn`: the autoregressive models (seed 001 §3), reporting the exact test NLL.</summary>
internal static class AutoregressiveCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return ModelTrainingCommand.Create("fvsbn", Fvsbn.Kind,
            "FVSBN (seed 001): one logistic regression per pixel on the pixels before it, binarized Fashion-MNIST.",
            new TrainingDefaults(10, 100, 1e-3), Array.Empty<Option>(), _ => new Fvsbn(new FvsbnConfig()), PrintLikelihood);

        var hidden = new Option<int>("--hidden") { Description = "hidden units H shared by every conditional", DefaultValueFactory = _ => 500 };
        yield return ModelTrainingCommand.Create("nade", Nade.Kind,
            "NADE (seed 001): shared weights, a_{i+1} = a_i + W_{:,i} x_i, p(x_i = 1 | x_<i) = σ(V_i σ(a_i) + b_i); binarized pixels.",
            new TrainingDefaults(10, 100, 1e-3), new Option[] { hidden },
            result => new Nade(new NadeConfig { HiddenSize = result.GetValue(hidden) }), PrintLikelihood);

        var layers = new Option<int[]>("--hidden") { Description = "units of each masked hidden layer", DefaultValueFactory = _ => new[] { 500, 500 }, AllowMultipleArgumentsPerToken = true };
        var shuffled = new Option<bool>("--shuffled-order") { Description = "a random variable order (drawn with --mask-seed) instead of raster order" };
        var maskSeed = new Option<int>("--mask-seed") { Description = "seed of the hidden degrees m(k) and of a shuffled order", DefaultValueFactory = _ => 0 };
        var masks = new Option<int>("--masks") { Description = "masks M of an ensemble: one drawn per step, the likelihood that of their mixture", DefaultValueFactory = _ => 1 };
        var orderAgnostic = new Option<bool>("--order-agnostic") { Description = "each mask after the first draws its own variable order" };
        yield return ModelTrainingCommand.Create("made", Made.Kind,
            "MADE (seed 001): an MLP with masks from the degrees m(k), no path from x_≥i to x̂_i; binarized pixels.",
            new TrainingDefaults(10, 100, 1e-3), new Option[] { layers, shuffled, maskSeed, masks, orderAgnostic },
            result => new Made(new MadeConfig
            {
                HiddenSizes = result.GetValue(layers)!, ShuffledOrder = result.GetValue(shuffled), MaskSeed = result.GetValue(maskSeed),
                Masks = result.GetValue(masks), OrderAgnostic = result.GetValue(orderAgnostic),
            }),
            PrintLikelihood);

        var channels = new Option<int>("--channels") { Description = "width 2h of the residual stream", DefaultValueFactory = _ => 64 };
        var blocks = new Option<int>("--blocks") { Description = "residual blocks of 3×3 type-B masked convolutions", DefaultValueFactory = _ => 6 };
        var categories = new Option<int>("--categories") { Description = "2: binarized pixels (Bernoulli); 256: 8-bit pixels (256-way softmax)", DefaultValueFactory = _ => 2 };
        var conditional = new Option<bool>("--conditional") { Description = "class-conditional: a learned bias per class in every block" };
        yield return ModelTrainingCommand.Create("pixelcnn", PixelCnn.Kind,
            "PixelCNN (seed 001): 7×7 type-A masked conv, residual blocks of 3×3 type-B masked convs, K logits per pixel.",
            new TrainingDefaults(3, 64, 1e-3), new Option[] { channels, blocks, categories, conditional },
            result => new PixelCnn(new PixelCnnConfig
            {
                Channels = result.GetValue(channels), OutputChannels = result.GetValue(channels), Blocks = result.GetValue(blocks),
                Categories = result.GetValue(categories), Classes = result.GetValue(conditional) ? 10 : 0,
            }),
            PrintLikelihood);

        var (gatedChannels, gatedBlocks, gatedCategories, gatedConditional) = (
            new Option<int>("--channels") { Description = "channels p of each stack", DefaultValueFactory = _ => 32 },
            new Option<int>("--blocks") { Description = "gated layers after the first", DefaultValueFactory = _ => 6 },
            new Option<int>("--categories") { Description = "2: binarized pixels (Bernoulli); 256: 8-bit pixels (256-way softmax)", DefaultValueFactory = _ => 2 },
            new Option<bool>("--conditional") { Description = "class-conditional: per-class biases in every gate" });
        yield return ModelTrainingCommand.Create("gated-pixelcnn", GatedPixelCnn.Kind,
            "Gated PixelCNN: vertical and horizontal stacks of gated masked convs (no blind spot), class-conditional gates.",
            new TrainingDefaults(3, 64, 1e-3), new Option[] { gatedChannels, gatedBlocks, gatedCategories, gatedConditional },
            result => new GatedPixelCnn(new GatedPixelCnnConfig
            {
                Channels = result.GetValue(gatedChannels), Blocks = result.GetValue(gatedBlocks),
                Categories = result.GetValue(gatedCategories), Classes = result.GetValue(gatedConditional) ? 10 : 0,
            }),
            PrintLikelihood);
    }

    private static void PrintLikelihood(AutoregressiveModel model, ImageDataset train, ImageDataset test, Device device)
    {
        var report = LikelihoodEvaluation.Evaluate(model, test, device);
        var data = report.Binarized ? "one fixed binarization of the test set" : "8-bit test pixels";
        var given = model.ClassCount is null ? "" : ", given each image's class";
        AnsiConsole.MarkupLineInterpolated($"test NLL {report.NatsPerImage:F2} nats/image, {report.BitsPerDimension:F4} bits/dim ({data}{given}, exact)");
    }
}
