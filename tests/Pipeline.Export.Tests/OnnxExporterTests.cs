using NUnit.Framework;
using Pipeline.Export.Tests.Support;
using Pipeline.Tests.Support;
using TorchSharp;
using static TorchSharp.torch.nn;

namespace Pipeline.Export.Tests;

/// <summary>The public entry point as a TorchSharp user meets it: their own models, their own modules, bad input.</summary>
public class OnnxExporterTests
{
    private static torch.nn.Module<torch.Tensor, torch.Tensor> UserClassifier()
    {
        // TorchSharp 0.107's GroupNorm leaves its weight and bias uninitialized (torch.empty): a user sets them.
        var groupNorm = GroupNorm(4, 16);
        using (torch.no_grad())
        {
            groupNorm.weight.fill_(1);
            groupNorm.bias!.zero_();
        }
        return Sequential(Conv2d(1, 8, 3, padding: 1), BatchNorm2d(8), ReLU(), MaxPool2d(2),
                          Conv2d(8, 16, 3, padding: 1), groupNorm, SiLU(), AdaptiveAvgPool2d(1),
                          Flatten(), Dropout(0.2), Linear(16, 10), LogSoftmax(1));
    }

    [Test]
    public void AUsersSequentialOfBuiltInLayersExportsWithNoExtraCode()
    {
        using var directory = new TempDirectory();
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        var model = UserClassifier();
        var path = directory.File("classifier.onnx");

        var result = OnnxExporter.Export(model, [torch.randn(4, 1, 28, 28)], path);

        Assert.That(result.MaxDifference, Is.LessThanOrEqualTo(1e-4));
        Assert.That((result.InputNames, result.OutputNames), Is.EqualTo((new[] { "input" }, new[] { "output" })));
        var x = torch.randn(7, 1, 28, 28);
        model.eval();
        using var noGrad = torch.no_grad();
        Assert.That(OnnxFile.MaxDifference(OnnxFile.Run(path, x)[0], model.call(x)), Is.LessThanOrEqualTo(1e-4), "any batch size");
    }

    [Test]
    public void InitializersKeepTheStateDictNames()
    {
        using var directory = new TempDirectory();
        using var scope = torch.NewDisposeScope();
        var model = UserClassifier();
        var path = directory.File("classifier.onnx");

        OnnxExporter.Export(model, [torch.randn(2, 1, 28, 28)], path);

        var initializers = OnnxFile.Read(path).Graph.Initializer.Select(i => i.Name).ToHashSet();
        var weights = model.state_dict().Keys.Where(k => !k.EndsWith("num_batches_tracked")).ToList();
        Assert.That(weights, Is.SubsetOf(initializers));
        Assert.That(weights, Does.Contain("0.weight").And.Contain("1.running_mean").And.Contain("10.bias"));
    }

    [Test]
    public void TheBatchDimensionIsDynamicAndNamed()
    {
        using var directory = new TempDirectory();
        using var scope = torch.NewDisposeScope();
        var path = directory.File("linear.onnx");

        OnnxExporter.Export(Linear(3, 2), [torch.randn(2, 3)], path, new OnnxExportOptions { InputNames = ["x"], OutputNames = ["y"] });

        var graph = OnnxFile.Read(path).Graph;
        Assert.That(graph.Input.Single().Name, Is.EqualTo("x"));
        Assert.That(graph.Input.Single().Type.TensorType.Shape.Dim.Select(d => d.DimParam.Length > 0 ? d.DimParam : d.DimValue.ToString()),
                    Is.EqualTo(new[] { "batch", "3" }));
        Assert.That(graph.Output.Single().Name, Is.EqualTo("y"));
    }

    [Test]
    public void ACustomModuleExportsThroughItsOwnInterfaceWithItsParametersNamed()
    {
        using var directory = new TempDirectory();
        using var scope = torch.NewDisposeScope();
        var model = Sequential(("stem", Conv2d(2, 4, 1)), ("block", new ResidualBlock(4)));
        var path = directory.File("residual.onnx");

        var result = OnnxExporter.Export(model, [torch.randn(2, 2, 6, 6)], path, new OnnxExportOptions { Opset = 21 });

        Assert.That(result.MaxDifference, Is.LessThanOrEqualTo(1e-4));
        Assert.That(OnnxFile.Read(path).Graph.Initializer.Select(i => i.Name),
                    Is.SupersetOf(new[] { "stem.weight", "block.conv1.weight", "block.conv2.bias", "block.scale" }));
    }

    [Test]
    public void AModuleWithTwoOutputsExportsBothUnderTheirNames()
    {
        using var directory = new TempDirectory();
        using var scope = torch.NewDisposeScope();
        var encoder = new Encoder();
        var path = directory.File("encoder.onnx");

        var result = OnnxExporter.Export(encoder, [torch.randn(3, 1, 4, 4)], path,
                                         new OnnxExportOptions { InputNames = ["image"], OutputNames = ["mean", "log_variance"] });

        Assert.That(result.OutputNames, Is.EqualTo(new[] { "mean", "log_variance" }));
        var x = torch.randn(5, 1, 4, 4);
        using var noGrad = torch.no_grad();
        var (mean, logVariance) = encoder.call(x);
        var outputs = OnnxFile.Run(path, x);
        Assert.That(OnnxFile.MaxDifference(outputs[0], mean), Is.LessThanOrEqualTo(1e-4));
        Assert.That(OnnxFile.MaxDifference(outputs[1], logVariance), Is.LessThanOrEqualTo(1e-4));
    }

    [Test]
    public void ARuleRegisteredForAUsersModuleTypeExportsIt()
    {
        using var directory = new TempDirectory();
        using var scope = torch.NewDisposeScope();
        var rules = OnnxExportRules.WithBuiltIns().Register(new GateRule());

        var result = OnnxExporter.Export(new Gate(), [torch.randn(2, 5), torch.randn(2, 5)], directory.File("gate.onnx"),
                                         new OnnxExportOptions { Rules = rules });

        Assert.That(result.InputNames, Is.EqualTo(new[] { "input0", "input1" }));
        Assert.That(result.MaxDifference, Is.LessThanOrEqualTo(1e-4));
    }

    [Test]
    public void AnUnsupportedModuleIsRefusedWithItsTypeAndTheInterfaceToImplement()
    {
        using var directory = new TempDirectory();
        using var scope = torch.NewDisposeScope();
        var path = directory.File("model.onnx");
        var model = Sequential(Linear(4, 4), new SingleInputGate());

        var error = Assert.Throws<OnnxExportException>(() => OnnxExporter.Export(model, [torch.randn(2, 4)], path))!;

        Assert.That(error.Message, Does.Contain(typeof(SingleInputGate).FullName).And.Contain("IOnnxExportModule").And.Contain("Register"));
        Assert.That(File.Exists(path), Is.False, "nothing is written");
    }

    [Test]
    public void AGraphThatDisagreesWithTorchSharpIsRefusedAndTheOldFileIsKept()
    {
        using var directory = new TempDirectory();
        using var scope = torch.NewDisposeScope();
        var path = directory.File("gate.onnx");
        File.WriteAllText(path, "the last good export");
        var rules = OnnxExportRules.WithBuiltIns().Register(GateRule.Wrong);

        var error = Assert.Throws<OnnxVerificationException>(() =>
            OnnxExporter.Export(new Gate(), [torch.randn(2, 5), torch.randn(2, 5)], path, new OnnxExportOptions { Rules = rules }))!;

        Assert.That(error.MaxDifference, Is.GreaterThan(1e-4));
        Assert.That(error.Message, Does.Contain("differs from TorchSharp").And.Contain("nothing was written"));
        Assert.That(File.ReadAllText(path), Is.EqualTo("the last good export"));
    }

    [TestCase(16, "Opset 16 is not supported")]
    [TestCase(22, "Opset 22 is not supported")]
    public void AnOpsetOutsideTheSupportedRangeIsRefused(int opset, string message)
    {
        using var directory = new TempDirectory();
        using var scope = torch.NewDisposeScope();

        Assert.That(() => OnnxExporter.Export(Linear(2, 2), [torch.randn(1, 2)], directory.File("x.onnx"), new OnnxExportOptions { Opset = opset }),
                    Throws.TypeOf<OnnxExportException>().With.Message.Contains(message).And.Message.Contains("17 to 21"));
    }

    [Test]
    public void TheWrongNumberOfExampleInputsIsRefusedWithTheSignatureItNeeds()
    {
        using var directory = new TempDirectory();
        using var scope = torch.NewDisposeScope();

        Assert.That(() => OnnxExporter.Export(new Gate(), [torch.randn(2, 5)], directory.File("x.onnx"),
                                              new OnnxExportOptions { Rules = OnnxExportRules.WithBuiltIns().Register(new GateRule()) }),
                    Throws.TypeOf<OnnxExportException>().With.Message.Contains("cannot be called with 1 tensor input"));
    }

    [Test]
    public void HardtanhExportsAsAClipOrIsRefusedWhereTorchSharpDoesNotClamp()
    {
        using var directory = new TempDirectory();
        using var scope = torch.NewDisposeScope();
        var module = Hardtanh(-0.5, 0.7);
        var x = torch.linspace(-2, 2, 9).reshape(1, 9);
        var clamps = !module.call(x).eq(x).all().item<bool>();

        if (clamps)
            Assert.That(OnnxExporter.Export(module, [x], directory.File("h.onnx")).MaxDifference, Is.LessThanOrEqualTo(1e-4));
        else
            Assert.That(() => OnnxExporter.Export(module, [x], directory.File("h.onnx")),
                        Throws.TypeOf<OnnxExportException>().With.Message.Contains("returns its input unchanged"));
    }

    [Test]
    public void HardtanhWhoseExampleIsWithinItsRangeExportsAndLeavesTheExampleAlone()
    {
        // TorchSharp 0.107's Hardtanh returns the tensor it is given; the rule once freed it, and the next layer failed.
        using var directory = new TempDirectory();
        using var scope = torch.NewDisposeScope();
        var x = torch.linspace(-1, 1, 9).reshape(1, 9);

        var result = OnnxExporter.Export(Hardtanh(-3, 3), [x], directory.File("h.onnx"));

        Assert.That(result.MaxDifference, Is.LessThanOrEqualTo(1e-4));
        Assert.That(x.sum().item<float>(), Is.EqualTo(0).Within(1e-5), "the caller's input is still there");
    }

    [Test]
    public void TheModulesTrainingModeIsRestored()
    {
        using var directory = new TempDirectory();
        using var scope = torch.NewDisposeScope();
        var model = Sequential(Linear(2, 2), Dropout(0.5));
        model.train();

        OnnxExporter.Export(model, [torch.randn(2, 2)], directory.File("x.onnx"));

        Assert.That(model.training, Is.True);
    }
}
