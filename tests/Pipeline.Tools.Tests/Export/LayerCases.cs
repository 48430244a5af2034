using NUnit.Framework;
using Pipeline.Nn;
using Pipeline.Models.Diffusion;
using Pipeline.Nn.Layers;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Export;

/// <summary>Every exportable layer, in the configurations whose ONNX export takes a different path.</summary>
internal static class LayerCases
{
    public static IReadOnlyList<LayerCase> All { get; } = new LayerCase[]
    {
        new("Linear 2-D (Gemm)", g => new Linear(6, 4, generator: g), new[] { -1L, 6 }),
        new("Linear 2-D without bias", g => new Linear(6, 4, bias: false, generator: g), new[] { -1L, 6 }),
        new("Linear 3-D (MatMul)", g => new Linear(6, 4, generator: g), new[] { -1L, 3, 6 }),
        new("Linear 3-D without bias", g => new Linear(6, 4, bias: false, generator: g), new[] { -1L, 3, 6 }),
        new("Conv2d 3x3 padding 1", g => new Conv2d(3, 4, 3, padding: 1, generator: g), new[] { -1L, 3, 8, 8 }),
        new("Conv2d stride, padding, dilation", g => new Conv2d(3, 4, new Pair(3, 2), stride: new Pair(2, 1), padding: new Pair(1, 2),
            dilation: new Pair(2, 1), generator: g), new[] { -1L, 3, 9, 8 }),
        new("Conv2d groups 2 without bias", g => new Conv2d(4, 6, 3, groups: 2, bias: false, generator: g), new[] { -1L, 4, 7, 7 }),
        new("ConvTranspose2d stride 2 padding 1 output padding 1", g => new ConvTranspose2d(4, 3, 3, stride: 2, padding: 1, outputPadding: 1, generator: g),
            new[] { -1L, 4, 5, 5 }),
        new("ConvTranspose2d groups 2", g => new ConvTranspose2d(4, 6, 4, stride: 2, padding: 1, groups: 2, generator: g), new[] { -1L, 4, 5, 6 }),
        new("ConvTranspose2d dilation 2 without bias", g => new ConvTranspose2d(2, 3, 3, dilation: 2, bias: false, generator: g), new[] { -1L, 2, 4, 4 }),
        new("BatchNorm2d after training", g => PreparedModules.TrainedBatchNorm(g, affine: true), new[] { -1L, 4, 5, 5 }),
        new("BatchNorm2d not affine", g => PreparedModules.TrainedBatchNorm(g, affine: false), new[] { -1L, 4, 5, 5 }),
        new("GroupNorm 2 groups", g => PreparedModules.Randomized(new GroupNorm(2, 6), g), new[] { -1L, 6, 4, 5 }),
        new("GroupNorm on [N, C, L]", g => PreparedModules.Randomized(new GroupNorm(3, 6), g), new[] { -1L, 6, 5 }),
        new("GroupNorm not affine", _ => new GroupNorm(3, 6, affine: false), new[] { -1L, 6, 4, 5 }),
        new("LayerNorm 1 dim", g => PreparedModules.Randomized(new LayerNorm(5), g), new[] { -1L, 3, 5 }),
        new("LayerNorm 2 dims", g => PreparedModules.Randomized(new LayerNorm(new long[] { 4, 5 }), g), new[] { -1L, 3, 4, 5 }),
        new("LayerNorm not affine", _ => new LayerNorm(5, affine: false), new[] { -1L, 5 }),
        new("Dropout (eval)", g => new Dropout(0.5, g), new[] { -1L, 10 }),
        new("Identity", _ => new Identity(), new[] { -1L, 2, 3 }),
        new("Relu", _ => new Relu(), new[] { -1L, 10 }),
        new("LeakyRelu 0.2", _ => new LeakyRelu(0.2), new[] { -1L, 10 }),
        new("Elu", _ => new Elu(), new[] { -1L, 10 }),
        new("Elu alpha 0.5", _ => new Elu(0.5), new[] { -1L, 10 }),
        new("Silu", _ => new Silu(), new[] { -1L, 10 }),
        new("Gelu exact", _ => new Gelu(), new[] { -1L, 10 }),
        new("Gelu tanh", _ => new Gelu(tanhApproximation: true), new[] { -1L, 10 }),
        new("Sigmoid", _ => new Sigmoid(), new[] { -1L, 10 }),
        new("Tanh", _ => new Tanh(), new[] { -1L, 10 }),
        new("Softplus beta 1", _ => new Softplus(), new[] { -1L, 10 }),
        new("Softplus beta 2", _ => new Softplus(beta: 2), new[] { -1L, 10 }),
        new("Softmax dim 1", _ => new Softmax(1), new[] { -1L, 10 }),
        new("Softmax last dim of 3", _ => new Softmax(-1), new[] { -1L, 3, 4 }),
        new("Flatten", _ => new Flatten(), new[] { -1L, 2, 3, 4 }),
        new("Flatten from dim 2", _ => new Flatten(2), new[] { -1L, 2, 3, 4 }),
        new("Flatten dims 1 to 2", _ => new Flatten(1, 2), new[] { -1L, 2, 3, 4 }),
        new("Unflatten", _ => new Unflatten(3, 2, 2), new[] { -1L, 12 }),
        new("MaxPool2d 2", _ => new MaxPool2d(2), new[] { -1L, 2, 6, 6 }),
        new("MaxPool2d 3 stride 2 padding 1", _ => new MaxPool2d(3, 2, 1), new[] { -1L, 2, 7, 7 }),
        new("AvgPool2d 2", _ => new AvgPool2d(2), new[] { -1L, 2, 6, 6 }),
        new("AvgPool2d 3 stride 2 padding 1", _ => new AvgPool2d(3, 2, 1), new[] { -1L, 2, 7, 7 }),
        new("Upsample nearest 2", _ => new Upsample(2), new[] { -1L, 2, 3, 4 }),
        new("Upsample bilinear 2", _ => new Upsample(2, UpsampleMode.Bilinear), new[] { -1L, 2, 3, 4 }),
        new("Upsample bilinear 3", _ => new Upsample(3, UpsampleMode.Bilinear), new[] { -1L, 2, 3, 4 }),
        new("Sequential conv net", g => new Sequential(new Conv2d(1, 4, 3, padding: 1, generator: g), PreparedModules.TrainedBatchNorm(g, affine: true),
            new Relu(), new MaxPool2d(2), new Flatten(), new Linear(4 * 4 * 4, 5, generator: g), new Gelu()), new[] { -1L, 1, 8, 8 }),
        new("Sequential empty", _ => new Sequential(), new[] { -1L, 4 }),
        new("Embedding", g => new Embedding(10, 4, g), new[] { -1L, 5 }, (m, shape) => ModuleNetworks.Indexed(m, shape, 10)),
        new("Sinusoidal time embedding", _ => new SinusoidalTimeEmbedding(16), new[] { -1L }),
        new("Self-attention 2-D (7x7)", g => PreparedModules.Randomized(new SelfAttention2d(8, 2, g), g), new[] { -1L, 8, 7, 7 }),
        new("Embedding of 2-D indices", g => new Embedding(7, 3, g), new[] { -1L, 2, 3 }, (m, shape) => ModuleNetworks.Indexed(m, shape, 7)),
    };

    public static IEnumerable<TestCaseData> Source() => All.Select(c => new TestCaseData(c).SetArgDisplayNames(c.Name));
}
