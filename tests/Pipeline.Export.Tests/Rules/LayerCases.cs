using TorchSharp;
using static TorchSharp.torch.nn;

namespace Pipeline.Export.Tests.Rules;

/// <summary>Every built-in rule, in the configurations that take different paths through it.</summary>
public static class LayerCases
{
    private static long[] Image(int channels = 3, int size = 8) => [2, channels, size, size];

    /// <summary>A module with its parameters (and running statistics) drawn away from their initial values.</summary>
    private static torch.nn.Module Randomized(torch.nn.Module module)
    {
        using var noGrad = torch.no_grad();
        var generator = new torch.Generator(7);
        foreach (var (_, parameter) in module.named_parameters()) parameter.copy_(torch.randn(parameter.shape, generator: generator) * 0.5);
        foreach (var (name, buffer) in module.named_buffers())
        {
            if (name.EndsWith("running_mean")) buffer.copy_(torch.randn(buffer.shape, generator: generator) * 0.3);
            if (name.EndsWith("running_var")) buffer.copy_(torch.rand(buffer.shape, generator: generator) + 0.5);
        }
        return module;
    }

    public static IEnumerable<LayerCase> All() =>
    [
        new("Linear [batch, in]", () => Randomized(Linear(6, 4)), [2, 6]),
        new("Linear without bias", () => Randomized(Linear(6, 4, hasBias: false)), [2, 6]),
        new("Linear on [batch, seq, in]", () => Randomized(Linear(6, 4)), [2, 5, 6]),
        new("Conv2d 3x3 padding 1", () => Randomized(Conv2d(3, 5, 3, padding: 1)), Image()),
        new("Conv2d stride 2 dilation 2 no bias", () => Randomized(Conv2d(3, 4, 3, stride: 2, dilation: 2, bias: false)), Image(size: 11)),
        new("Conv2d groups 3", () => Randomized(Conv2d(3, 6, 3, groups: 3)), Image()),
        new("Conv2d padding same", () => Randomized(Conv2d(3, 4, 4, TorchSharp.Padding.Same)), Image()),
        new("Conv2d reflect padding", () => Randomized(Conv2d(3, 4, 3, padding: 1, padding_mode: TorchSharp.PaddingModes.Reflect)), Image()),
        new("Conv2d replicate padding", () => Randomized(Conv2d(3, 4, 3, padding: 2, padding_mode: TorchSharp.PaddingModes.Replicate)), Image()),
        new("Conv2d rectangular kernel", () => Randomized(Conv2d(3, 4, (3, 1), padding: (1, 0))), Image()),
        new("Conv1d", () => Randomized(Conv1d(3, 4, 3, padding: 1)), [2, 3, 9]),
        new("ConvTranspose2d stride 2", () => Randomized(ConvTranspose2d(3, 4, 4, stride: 2, padding: 1)), Image()),
        new("ConvTranspose2d output padding", () => Randomized(ConvTranspose2d(3, 2, 3, stride: 2, padding: 1, output_padding: 1)), Image(size: 7)),
        new("BatchNorm2d", () => Randomized(BatchNorm2d(3)), Image()),
        new("BatchNorm2d without affine", () => Randomized(BatchNorm2d(3, affine: false)), Image()),
        new("BatchNorm1d on [batch, C]", () => Randomized(BatchNorm1d(6)), [4, 6]),
        new("BatchNorm1d on [batch, C, L]", () => Randomized(BatchNorm1d(3)), [2, 3, 7]),
        new("GroupNorm", () => Randomized(GroupNorm(2, 4)), Image(channels: 4)),
        new("GroupNorm on [batch, C, L]", () => Randomized(GroupNorm(3, 6)), [2, 6, 5]),
        new("LayerNorm last dim", () => Randomized(LayerNorm(6)), [2, 5, 6]),
        new("LayerNorm without affine", () => LayerNorm([3, 4], elementwise_affine: false), [2, 5, 3, 4]),
        new("InstanceNorm2d affine", () => Randomized(InstanceNorm2d(3, affine: true)), Image()),
        new("Embedding", () => Randomized(Embedding(10, 4)), [2, 5], IntegerInput: true),
        new("Dropout", () => Dropout(0.3), [2, 6]),
        new("Dropout2d", () => Dropout2d(0.3), Image()),
        new("Identity", () => Identity(), [2, 6]),
        new("MaxPool2d 2", () => MaxPool2d(2), Image()),
        new("MaxPool2d 3 stride 2 padding 1", () => MaxPool2d(3, stride: 2, padding: 1), Image(size: 9)),
        new("MaxPool2d ceil mode", () => MaxPool2d(2, ceil_mode: true), Image(size: 7)),
        new("AvgPool2d 2", () => AvgPool2d(2), Image()),
        new("AvgPool2d padding, pad excluded", () => AvgPool2d(3, stride: 2, padding: 1, count_include_pad: false), Image(size: 9)),
        new("AdaptiveAvgPool2d 1x1", () => AdaptiveAvgPool2d(1), Image()),
        new("AdaptiveAvgPool2d 2x2", () => AdaptiveAvgPool2d(2), Image()),
        new("Upsample nearest x2", () => Upsample(scale_factor: [2.0, 2.0], mode: torch.UpsampleMode.Nearest), Image(size: 4)),
        new("Upsample bilinear x2", () => Upsample(scale_factor: [2.0, 2.0], mode: torch.UpsampleMode.Bilinear), Image(size: 4)),
        new("Upsample bilinear align corners to 7x9", () => Upsample(size: [7, 9], mode: torch.UpsampleMode.Bilinear, align_corners: true), Image(size: 4)),
        new("Upsample bilinear x1.5 recomputing the scale (5 → 7)", () => Upsample(scale_factor: [1.5, 1.5], mode: torch.UpsampleMode.Bilinear, recompute_scale_factor: true), Image(size: 5)),
        new("Upsample nearest x1.5 recomputing the scale", () => Upsample(scale_factor: [1.5, 1.5], mode: torch.UpsampleMode.Nearest, recompute_scale_factor: true), Image(size: 5)),
        new("Flatten", () => Flatten(), Image()),
        new("Flatten dims 2..3", () => Flatten(2, 3), Image()),
        new("Unflatten", () => Unflatten(1, [3, 4]), [2, 12]),
        new("PixelShuffle", () => PixelShuffle(2), Image(channels: 8, size: 3)),
        new("ReLU", () => ReLU(), [2, 6]),
        new("ReLU6", () => ReLU6(), [2, 6]),
        new("LeakyReLU 0.2", () => LeakyReLU(0.2), [2, 6]),
        new("ELU 0.7", () => ELU(0.7), [2, 6]),
        new("GELU", () => GELU(), [2, 6]),
        new("GELU tanh", () => GELU(TorchSharp.Modules.GELU.Approximate.tanh), [2, 6]),
        new("SiLU", () => SiLU(), [2, 6]),
        new("Mish", () => Mish(), [2, 6]),
        new("Sigmoid", () => Sigmoid(), [2, 6]),
        new("Tanh", () => Tanh(), [2, 6]),
        new("Softplus", () => Softplus(), [2, 6]),
        new("Softplus beta 2", () => Softplus(beta: 2), [2, 6]),
        new("Softplus threshold 1 (linear above it)", () => Softplus(beta: 1, threshold: 1), [4, 16]),
        new("Softplus beta 2 threshold 1", () => Softplus(beta: 2, threshold: 1), [4, 16]),
        new("Softmax", () => Softmax(1), [2, 6]),
        new("LogSoftmax", () => LogSoftmax(-1), [2, 6]),
        new("Sequential", () => Randomized(Sequential(Conv2d(3, 4, 3, padding: 1), BatchNorm2d(4), ReLU(), Flatten(), Linear(4 * 8 * 8, 5))), Image()),
    ];
}
