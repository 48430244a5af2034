using Pipeline.Data;
using Pipeline.Models;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Tests.Models;

/// <summary>A linear model whose loss turns NaN from step <see cref="PoisonedFrom"/> on.</summary>
internal sealed class PoisonedModel : nn.Module, ITrainableModel
{
    private readonly TorchSharp.Modules.Linear layer = nn.Linear(784, 1);
    private int calls;

    public PoisonedModel() : base(nameof(PoisonedModel)) => RegisterComponents();

    public int PoisonedFrom { get; init; } = 7;

    /// <summary>The step whose gradient (not loss) is NaN: √(s − s) of the weights' sum s is 0, its derivative 0·∞.</summary>
    public int? PoisonGradientAt { get; init; }

    public string ModelKind => "poisoned";

    public string ConfigJson => "{}";

    public PixelTransform TrainingPixels => PixelTransform.ZeroOne;

    public LossTerms Loss(Batch batch, Generator noise)
    {
        var loss = F.mse_loss(layer.call(batch.Images.flatten(1)), zeros(batch.Size, 1));
        if (++calls == PoisonGradientAt) loss = loss + (layer.weight!.sum() - layer.weight!.sum()).sqrt();
        return LossTerms.Single("mse", calls >= PoisonedFrom ? loss * double.NaN : loss);
    }
}
