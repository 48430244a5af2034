using System.CommandLine;
using Pipeline.Data;
using Pipeline.Data.Attributes;
using Pipeline.Models.Variational;
using Pipeline.Tools.Evaluation;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tools.Commands;

/// <summary>
/// `train arvae` (seed 004): the conv VAE with attribute-regularized latent dimensions; the attributes of the training images
/// are measured first; at the end, the test −ELBO, each regularized dimension's Spearman ρ and the interpretability score.
/// </summary>
internal static class ArVaeCommand
{
    /// <summary>The attributes that mean something for each dataset: all six for digits, the shape ones for clothes.</summary>
    public static ImageAttribute[] DefaultAttributes(TrainingData data) => data == TrainingData.Digits
        ? new ArVaeConfig().Attributes
        : [ImageAttribute.Area, ImageAttribute.Width, ImageAttribute.Height, ImageAttribute.Thickness];

    public static Command Create()
    {
        var (latent, likelihood, std) = (ModelOptions.Latent(16), ModelOptions.Likelihood(), ModelOptions.ObservationStd());
        var attributes = new Option<ImageAttribute[]?>("--attributes")
        {
            Description = "regularized attributes, comma-separated, on latent dimensions 0, 1, … (default: digits area,length,thickness,slant,width,height; fashion area,width,height,thickness)",
            CustomParser = argument => argument.Tokens.Single().Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToArray(),
        };
        var gamma = new Option<double>("--gamma") { Description = "γ, the weight of the attribute regularization (0: the plain VAE, for comparison)", DefaultValueFactory = _ => 10 };
        var delta = new Option<double>("--delta") { Description = "δ, the spread of tanh(δ·D_r)", DefaultValueFactory = _ => 10 };
        return ModelTrainingCommand.Create("arvae", ArVae.Kind,
            "AR-VAE (seed 004, Pati and Lerch 2020): the conv VAE plus γ·Σ MAE(tanh(δ·D_r) − sign(D_a)), so latent dimension k orders the images by attribute k.",
            new TrainingDefaults(10, 128, 1e-3), new Option[] { latent, likelihood, std, attributes, gamma, delta },
            result => new ArVae(new ArVaeConfig
            {
                Vae = new VaeConvConfig { LatentSize = result.GetValue(latent), Likelihood = result.GetValue(likelihood), ObservationStd = result.GetValue(std) },
                Attributes = result.GetValue(attributes) is { Length: > 0 } given ? given : DefaultAttributes(result.GetValue<TrainingData>("--data")),
                Gamma = result.GetValue(gamma), Delta = result.GetValue(delta),
            }),
            Report,
            prepare: (model, train) =>
            {
                var started = System.Diagnostics.Stopwatch.StartNew();
                model.SetAttributes(AttributeTable.Measure(train, model.Config.Attributes));
                AnsiConsole.MarkupLineInterpolated($"measured {string.Join(", ", model.Config.Attributes)} of {train.Count:N0} training images in {started.Elapsed.TotalSeconds:F1} s");
            });
    }

    private static void Report(ArVae model, ImageDataset train, ImageDataset test, Device device)
    {
        var elbo = ElboEvaluation.Evaluate(model, test, device);
        AnsiConsole.MarkupLineInterpolated($"test −ELBO {elbo.NegativeElbo:F2} nats/image (−log p(x|z) {elbo.ReconstructionNll:F2} + KL {elbo.Kl:F2}); {elbo.BitsPerDimension:F4} bits/dim");
        model.eval();
        float[] means;
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            var batch = new DataLoader(test, test.Count, shuffle: false, transform: PixelTransform.ZeroOne).First();
            means = model.Encode(batch.Images.to(device)).Mean.cpu().contiguous().data<float>().ToArray();
        }
        var figures = AttributeFigures.FromCodes(means, model.LatentSize, Enumerable.Range(0, model.Config.Attributes.Length).ToArray(),
            AttributeTable.Measure(test, model.Config.Attributes));
        foreach (var a in figures.Attributes)
            AnsiConsole.MarkupLineInterpolated($"{a.Name,-10} dimension {a.Dimension}: Spearman ρ {a.Spearman:F3}; most informative dimension {a.MostInformativeDimension}, R² {a.InterpretabilityRSquared:F3}");
        AnsiConsole.MarkupLineInterpolated($"interpretability (Adel et al.; mean R² over the attributes, {test.Count:N0} test images): {figures.Interpretability:F3}");
    }

    private static ImageAttribute Parse(string text)
    {
        try
        {
            return ImageAttributes.Parse(text);
        }
        catch (ArgumentException error)
        {
            throw new UsageException($"--attributes: {error.Message}");
        }
    }
}
