using NUnit.Framework;
using Pipeline.Export.Tests.Support;
using Pipeline.Tests.Support;
using TorchSharp;

namespace Pipeline.Export.Tests.Rules;

/// <summary>Every built-in rule exports its layer, and the file computes what TorchSharp computes.</summary>
public class LayerRuleTests
{
    private static IEnumerable<LayerCase> Cases() => LayerCases.All();

    [TestCaseSource(nameof(Cases))]
    public void TheExportedLayerMatchesTorchSharp(LayerCase layer)
    {
        using var directory = new TempDirectory();
        using var scope = torch.NewDisposeScope();
        var module = layer.Build();
        var path = directory.File("layer.onnx");

        var result = OnnxExporter.Export(module, [layer.Input(1)], path);

        Assert.That(result.MaxDifference, Is.LessThanOrEqualTo(1e-4), "the exporter's own verification");
        // An independent run, on another input and another batch size than the exporter verified with.
        long[] shape = [3, .. layer.InputShape[1..]];
        var other = (layer with { InputShape = shape }).Input(2);
        module.eval();
        using var noGrad = torch.no_grad();
        var expected = ((torch.nn.Module<torch.Tensor, torch.Tensor>)module).call(other);
        var actual = OnnxFile.Run(path, other)[0];
        Assert.That(OnnxFile.MaxDifference(actual, expected), Is.LessThanOrEqualTo(1e-4));
        TestContext.Out.WriteLine($"{layer.Name}: {result.Nodes} nodes, max difference {result.MaxDifference:G3}");
    }

    [Test]
    public void EveryBuiltInRuleHasACase()
    {
        using var scope = torch.NewDisposeScope();
        // Hardtanh has its own test (OnnxExporterTests): TorchSharp 0.107's does not clamp.
        var covered = LayerCases.All().SelectMany(c => Types(c.Build())).Select(t => t.Name).Append("Hardtanh").ToHashSet();

        Assert.That(OnnxExportRules.Default.ModuleTypes.Where(t => !covered.Contains(t)), Is.Empty);
    }

    private static IEnumerable<Type> Types(torch.nn.Module module) =>
        module.named_children().SelectMany(c => Types(c.module)).Prepend(module.GetType());
}
