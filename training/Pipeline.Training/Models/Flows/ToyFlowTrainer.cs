using System.Globalization;
using Pipeline.Checkpoints;
using Pipeline.Data;
using Pipeline.Export;
using Pipeline.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Flows;

/// <summary>
/// Trains a points flow (<see cref="RealNvpConfig.Toy"/>) on a 2-D toy density by maximum likelihood: every step draws a
/// fresh batch from the density (so there is no finite training set to overfit), one dispose scope per step, Adam. The
/// checkpoint is written once, at the end (atomically); toy runs take seconds, so they are not resumed.
/// </summary>
public sealed class ToyFlowTrainer
{
    private readonly RealNvp model;
    private readonly ToyDensity density;

    public ToyFlowTrainer(RealNvp model, ToyDensity density)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Config.Input != FlowInput.Points || model.Dimensions != 2)
            throw new ArgumentException("the toy trainer trains flows of 2-D points: build the model from RealNvpConfig.Toy");
        if (!Enum.IsDefined(density)) throw new ArgumentOutOfRangeException(nameof(density), density, "unknown toy density");
        this.model = model;
        this.density = density;
    }

    /// <summary><paramref name="count"/> points of <paramref name="density"/> as [N, 2, 1, 1], drawn with <paramref name="generator"/>.</summary>
    public static Tensor Points(ToyDensity density, long count, Generator generator)
    {
        using var points = density switch
        {
            ToyDensity.TwoMoons => Toy2D.TwoMoons(count, 0.05, generator),
            ToyDensity.EightGaussians => Toy2D.EightGaussians(count, 0.1, 2.0, generator),
            _ => Toy2D.Checkerboard(count, generator),
        };
        return points.reshape(count, 2, 1, 1);
    }

    /// <summary>The manifest spelling of a density: "two_moons".</summary>
    public static string DensityName(ToyDensity density) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(density.ToString());

    /// <summary>The exact −log p(x) in nats, averaged over <paramref name="count"/> fresh points of the density (drawn with <paramref name="seed"/>, apart from training's).</summary>
    public double HeldOutNll(int count = 20000, long seed = 12345)
    {
        var wasTraining = model.training;
        model.eval();
        using var generator = Noise.Seeded(seed);
        using var noGrad = no_grad();
        using var points = Points(density, count, generator);
        using var logDensity = model.LogDensity(points.to(model.parameters().First().device));
        var nll = -logDensity.mean().ToDouble();
        model.train(wasTraining);
        return nll;
    }

    /// <summary>Runs <paramref name="steps"/> steps of <paramref name="batchSize"/> points; returns the last batch's −log p(x) in nats.</summary>
    public TrainingSummary Train(int steps, int batchSize, double learningRate, int seed, string? checkpointPath, IProgress<TrainingProgress>? progress = null)
    {
        if (steps <= 0 || batchSize <= 1) throw new ArgumentException($"train for at least one step of at least two points (steps {steps}, batch {batchSize})");
        OneDnn.Disable();   // as ModelTrainer: libtorch 2.10's oneDNN convolutions are wrong for small channel counts here
        model.train();
        using var optimizer = optim.Adam(model.parameters(), learningRate);
        using var data = Noise.Seeded(ModelTrainer<RealNvp>.NoiseSeed(seed));
        var history = new List<double[]>();
        var last = double.NaN;
        using (CollectionPause.Enter())   // collections only between steps (see CollectionPause)
        {
            for (var step = 1; step <= steps; step++)
            {
                CollectionPause.SafePoint();
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                var points = Points(density, batchSize, data);
                using var batch = new Batch(points, zeros(batchSize, ScalarType.Int64), new int[batchSize]);
                var terms = model.Loss(batch, data);
                terms.Total.backward();
                optimizer.step();
                if (step % 50 == 0 || step == steps)
                {
                    last = terms.Total.item<float>();
                    history.Add([step, last]);
                    progress?.Report(new TrainingProgress(1, 1, step, steps, step, last, terms.Values()));
                }
            }
        }
        var heldOut = HeldOutNll();
        if (checkpointPath is not null)
        {
            Checkpoint.Save(checkpointPath, new CheckpointContents
            {
                Kind = model.ModelKind, ConfigJson = model.ConfigJson, Step = steps, Model = model, Optimizer = optimizer,
                Metadata = new Dictionary<string, string>
                {
                    ["seed"] = seed.ToString(CultureInfo.InvariantCulture),
                    ["batch_size"] = batchSize.ToString(CultureInfo.InvariantCulture),
                    [TrainingMetadata.Dataset] = DensityName(density),
                    ["metric.heldout_nll_nats"] = heldOut.ToString("R", CultureInfo.InvariantCulture),
                    [TrainingMetadata.LossHistory] = System.Text.Json.JsonSerializer.Serialize(history),
                },
            });
        }
        return new TrainingSummary(steps, last, [("nll", last)]);
    }
}
