namespace Pipeline.Export.Rules;

/// <summary>The rules for TorchSharp's own layers, one per file in this folder.</summary>
internal static class BuiltInRules
{
    public static IEnumerable<IOnnxExportRule> All() =>
    [
        new SequentialRule(),
        new LinearRule(),
        new Conv1dRule(),
        new Conv2dRule(),
        new ConvTranspose2dRule(),
        new BatchNorm1dRule(),
        new BatchNorm2dRule(),
        new GroupNormRule(),
        new LayerNormRule(),
        new InstanceNorm2dRule(),
        new EmbeddingRule(),
        new DropoutRule(),
        new Dropout2dRule(),
        new IdentityRule(),
        new MaxPool2dRule(),
        new AvgPool2dRule(),
        new AdaptiveAvgPool2dRule(),
        new UpsampleRule(),
        new FlattenRule(),
        new UnflattenRule(),
        new PixelShuffleRule(),
        new ReluRule(),
        new Relu6Rule(),
        new LeakyReluRule(),
        new EluRule(),
        new GeluRule(),
        new SiluRule(),
        new MishRule(),
        new SigmoidRule(),
        new TanhRule(),
        new SoftplusRule(),
        new SoftmaxRule(),
        new LogSoftmaxRule(),
        new HardtanhRule(),
    ];
}
