using System.CommandLine;
using Pipeline.Data;
using Pipeline.Models.Flows;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tools.Commands;

/// <summary>
/// `train realnvp` (the image flow, early-stopped on held-out training images) and `train toy-flow --density …` (a 2-D
/// toy density); seed 003 §III.
/// </summary>
internal static class FlowCommands
{
    public static IEnumerable<Command> Create()
    {
        var levels = new Option<int>("--levels") { Description = "squeeze-and-split scales (28 → 14 → 7 with 2)", DefaultValueFactory = _ => 2 };
        var couplings = new Option<int>("--couplings") { Description = "couplings before and after each squeeze", DefaultValueFactory = _ => 3 };
        var final = new Option<int>("--final-couplings") { Description = "checkerboard couplings after the last scale", DefaultValueFactory = _ => 4 };
        var hidden = new Option<int>("--hidden") { Description = "channels of each coupling's conditioner", DefaultValueFactory = _ => 16 };
        var blocks = new Option<int>("--blocks") { Description = "residual blocks of each conditioner", DefaultValueFactory = _ => 1 };
        var alpha = new Option<double>("--alpha") { Description = "α of the logit transform logit(α + (1 − 2α)x)", DefaultValueFactory = _ => 0.05 };
        var noActNorm = new Option<bool>("--no-act-norm") { Description = "leave out the act-norm before each coupling" };
        yield return ModelTrainingCommand.Create("realnvp", RealNvp.Kind,
            "RealNVP (seed 003 §III): affine couplings with checkerboard and channel masks, squeezes, multi-scale splits, act-norm; dequantized 8-bit images through the logit transform, loss in bits/dim; early stopping on held-out training images.",
            new TrainingDefaults(8, 64, 1e-3), new Option[] { levels, couplings, final, hidden, blocks, alpha, noActNorm },
            result => new RealNvp(new RealNvpConfig
            {
                Levels = result.GetValue(levels), CouplingsPerStage = result.GetValue(couplings), FinalCouplings = result.GetValue(final),
                Hidden = result.GetValue(hidden), Blocks = result.GetValue(blocks), LogitAlpha = result.GetValue(alpha), ActNorm = !result.GetValue(noActNorm),
            }),
            PrintBitsPerDim,
            validation: (model, images, device) => FlowEvaluation.MeanBitsPerDim(model, images, device));
        yield return ToyCommand();
    }

    private static void PrintBitsPerDim(RealNvp model, ImageDataset train, ImageDataset test, Device device) =>
        AnsiConsole.MarkupLineInterpolated($"test {FlowEvaluation.MeanBitsPerDim(model, test, device):F4} bits/dim ({test.Count:N0} images, each dequantized once with u ~ U[[0, 1)), exact)");

    /// <summary>"two-moons" (or "TwoMoons") as <see cref="ToyDensity.TwoMoons"/>; anything else is a usage error naming the choices.</summary>
    internal static ToyDensity ParseDensity(string text) =>
        Enum.TryParse<ToyDensity>(text.Replace("-", "").Replace("_", ""), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new UsageException($"--density '{text}' is not a toy density: pass two-moons, eight-gaussians or checkerboard");

    private static Command ToyCommand()
    {
        var density = new Option<ToyDensity>("--density")
        {
            Description = "two-moons, eight-gaussians or checkerboard", DefaultValueFactory = _ => ToyDensity.TwoMoons,
            CustomParser = argument => ParseDensity(argument.Tokens.Single().Value),
        };
        var steps = new Option<int>("--steps") { Description = "optimizer steps, each on a fresh batch drawn from the density", DefaultValueFactory = _ => 3000 };
        var batch = new Option<int>("--batch-size") { Description = "points per step", DefaultValueFactory = _ => 512 };
        var rate = new Option<double>("--lr") { Description = "Adam learning rate", DefaultValueFactory = _ => 1e-3 };
        var couplings = new Option<int>("--couplings") { Description = "affine couplings (alternating which coordinate they transform)", DefaultValueFactory = _ => 8 };
        var hidden = new Option<int>("--hidden") { Description = "units of each conditioner's layers", DefaultValueFactory = _ => 64 };
        var seed = new Option<int>("--seed") { Description = "seed of initialization and data", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "checkpoint file (safetensors), written at the end", DefaultValueFactory = _ => "checkpoints/toy-flow.safetensors" };
        var command = new Command("toy-flow", "A RealNVP of 2-D points (seed 003 §III) on a toy density: affine couplings with alternating masks and MLP conditioners.")
        {
            density, steps, batch, rate, couplings, hidden, seed, output,
        };
        command.SetAction(result =>
        {
            var config = RealNvpConfig.Toy with { FinalCouplings = result.GetValue(couplings), Hidden = result.GetValue(hidden) };
            try
            {
                config.Validate();
            }
            catch (ArgumentException error)
            {
                throw new UsageException(error.Message);
            }
            random.manual_seed(result.GetValue(seed));
            using var model = new RealNvp(config);
            var chosen = result.GetValue(density);
            AnsiConsole.MarkupLineInterpolated($"toy flow on {chosen}: {model.parameters().Sum(p => p.numel()):N0} parameters, {result.GetValue(steps):N0} steps of {result.GetValue(batch)} points");
            var trainer = new ToyFlowTrainer(model, chosen);
            var started = System.Diagnostics.Stopwatch.StartNew();
            var summary = TrainCommand.WithProgress(progress =>
                trainer.Train(result.GetValue(steps), result.GetValue(batch), result.GetValue(rate), result.GetValue(seed), result.GetValue(output), progress));
            var heldOut = trainer.HeldOutNll();
            AnsiConsole.MarkupLineInterpolated($"trained {summary.Steps} steps in {started.Elapsed.TotalSeconds:F0} s; −log p of 20,000 fresh points: {heldOut:F4} nats (exact)");
            AnsiConsole.MarkupLineInterpolated($"checkpoint: {result.GetValue(output)}");
            return 0;
        });
        return command;
    }
}
