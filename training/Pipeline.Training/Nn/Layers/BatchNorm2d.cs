using Pipeline.Export;
using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>
/// Batch normalization over [N, C, H, W]: batch statistics in training (updating the running
/// mean and variance with <see cref="Momentum"/>), running statistics in evaluation.
/// </summary>
public sealed class BatchNorm2d : Module<Tensor, Tensor>, IOnnxExportable
{
    public BatchNorm2d(long features, double eps = 1e-5, double momentum = 0.1, bool affine = true)
    {
        Features = features;
        Eps = eps;
        Momentum = momentum;
        Weight = affine ? RegisterParameter("weight", Torch.Ones(new[] { features })) : null;
        Bias = affine ? RegisterParameter("bias", Torch.Zeros(new[] { features })) : null;
        RunningMean = RegisterBuffer("running_mean", Torch.Zeros(new[] { features }));
        RunningVar = RegisterBuffer("running_var", Torch.Ones(new[] { features }));
        NumBatchesTracked = RegisterBuffer("num_batches_tracked", Torch.Zeros(Array.Empty<long>(), DType.Int64));
    }

    public long Features { get; }
    public double Eps { get; }
    public double Momentum { get; }
    public Tensor? Weight { get; }
    public Tensor? Bias { get; }
    public Tensor RunningMean { get; }
    public Tensor RunningVar { get; }
    public Tensor NumBatchesTracked { get; }

    public override Tensor Forward(Tensor input)
    {
        if (input.Dim != 4) throw new ArgumentException($"BatchNorm2d takes [N, C, H, W] input, got {input.ShapeText}");
        if (Training)
        {
            using var noGrad = Torch.NoGrad();
            NumBatchesTracked.Add_(1);
        }
        return Functional.BatchNorm(input, RunningMean, RunningVar, Weight, Bias, Training, Momentum, Eps);
    }

    /// <summary>Exports evaluation mode: normalization with the running statistics.</summary>
    public string ExportOnnx(OnnxGraph graph, string input)
    {
        using var ones = Torch.Ones(new[] { Features });
        using var zeros = Torch.Zeros(new[] { Features });
        var inputs = new[]
        {
            input, graph.Parameter("weight", Weight ?? ones), graph.Parameter("bias", Bias ?? zeros),
            graph.Parameter("running_mean", RunningMean), graph.Parameter("running_var", RunningVar),
        };
        return graph.Node("BatchNormalization", inputs, graph.ShapeOf(input), attributes: OnnxAttribute.Float("epsilon", Eps));
    }
}
