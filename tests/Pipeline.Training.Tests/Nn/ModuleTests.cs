using NUnit.Framework;
using Pipeline.Nn;
using Pipeline.Nn.Layers;
using Pipeline.Tensors;

namespace Pipeline.Tests.Nn;

public class ModuleTests
{
    private static Sequential SmallNet(long seed)
    {
        using var g = new Generator(seed);
        return new Sequential(new Conv2d(1, 4, 3, padding: 1, generator: g), new BatchNorm2d(4), new Relu(),
            new Flatten(), new Linear(4 * 4 * 4, 3, generator: g));
    }

    [Test]
    public void StateDictUsesPyTorchNames()
    {
        using var net = SmallNet(1);
        Assert.That(net.StateDict().Keys, Is.EqualTo(new[]
        {
            "0.weight", "0.bias", "1.weight", "1.bias", "4.weight", "4.bias",
            "1.running_mean", "1.running_var", "1.num_batches_tracked",
        }));
        Assert.That(net.ParameterCount, Is.EqualTo(4 * 9 + 4 + 4 + 4 + 64 * 3 + 3));
        Assert.That(net.Parameters().All(p => p.RequiresGrad), Is.True);
    }

    [Test]
    public void DefaultInitializationFollowsPyTorch()
    {
        using var g = new Generator(3);
        using var linear = new Linear(400, 300, generator: g);
        var bound = 1 / Math.Sqrt(400);
        Assert.That(linear.Weight.Abs().Max().ToDouble(), Is.LessThanOrEqualTo(bound).And.GreaterThan(0.95 * bound));
        Assert.That(linear.Weight.Std().ToDouble(), Is.EqualTo(bound / Math.Sqrt(3)).Within(0.01 * bound));
        Assert.That(linear.Bias!.Abs().Max().ToDouble(), Is.LessThanOrEqualTo(bound));
        using var conv = new ConvTranspose2d(8, 4, 3, generator: g);
        Assert.That(conv.Weight.Shape, Is.EqualTo(new long[] { 8, 4, 3, 3 }));
        Assert.That(conv.Weight.Abs().Max().ToDouble(), Is.LessThanOrEqualTo(1 / Math.Sqrt(4 * 9)));
    }

    [Test]
    public void LoadStateDictCopiesValues()
    {
        using var a = SmallNet(1);
        using var b = SmallNet(2);
        using var scope = DisposeScope.Enter();
        using var x = GradientInput();
        a.Eval();
        b.Eval();
        Assert.That(a.Forward(x).Equal(b.Forward(x)), Is.False);
        b.LoadStateDict(a.StateDict());
        Assert.That(a.Forward(x).Equal(b.Forward(x)), Is.True);
    }

    [Test]
    public void LoadStateDictReportsEveryMismatch()
    {
        using var net = SmallNet(1);
        using var scope = DisposeScope.Enter();
        var state = new Dictionary<string, Tensor>(net.StateDict());
        state.Remove("0.bias");
        state["4.weight"] = Torch.Zeros(2, 64);
        state["1.running_mean"] = Torch.Zeros(new long[] { 4 }, DType.Float64);
        state["extra.weight"] = Torch.Zeros(1);
        var error = Assert.Throws<StateDictMismatchException>(() => net.LoadStateDict(state));
        Assert.That(error!.Problems, Has.Count.EqualTo(4));
        Assert.That(error.Message, Does.Contain("missing '0.bias'").And.Contain("'4.weight': shape [2, 64]")
            .And.Contain("dtype float64").And.Contain("unexpected 'extra.weight'"));
        Assert.DoesNotThrow(() => net.LoadStateDict(new Dictionary<string, Tensor> { ["0.bias"] = Torch.Ones(4) }, strict: false));
        Assert.That(((Conv2d)net[0]).Bias!.Sum().ToDouble(), Is.EqualTo(4));
    }

    [Test]
    public void TrainAndEvalModes()
    {
        using var scope = DisposeScope.Enter();
        using var g = new Generator(5);
        using var dropout = new Dropout(0.5, g);
        var x = Torch.Ones(1000);
        var trained = dropout.Forward(x);
        Assert.That(trained.Eq(0).Sum().ToDouble(), Is.EqualTo(500).Within(60));
        Assert.That(trained.Max().ToDouble(), Is.EqualTo(2));
        dropout.Eval();
        Assert.That(dropout.Forward(x).Equal(x), Is.True);

        using var bn = new BatchNorm2d(2);
        var batch = Torch.Randn(new long[] { 8, 2, 3, 3 }, g) * 3 + 5;
        var normalized = bn.Forward(batch);
        Assert.That(normalized.Mean().ToDouble(), Is.EqualTo(0).Within(1e-5));
        Assert.That(bn.RunningMean.Mean().ToDouble(), Is.EqualTo(0.5).Within(0.1));
        Assert.That(bn.NumBatchesTracked.ToInt64(), Is.EqualTo(1));
        bn.Eval();
        Assert.That(bn.Forward(batch).Mean().ToDouble(), Is.GreaterThan(3));
        Assert.That(bn.NumBatchesTracked.ToInt64(), Is.EqualTo(1));
    }

    [Test]
    public void ToDTypeKeepsParameterIdentity()
    {
        using var net = SmallNet(1);
        var before = net.Parameters().ToList();
        net.To(DType.Float64);
        Assert.That(net.Parameters(), Is.EqualTo(before).Using<Tensor>(ReferenceEquals));
        Assert.That(net.Parameters().All(p => p.DType == DType.Float64 && p.RequiresGrad && p.IsLeaf), Is.True);
        Assert.That(net.StateDict()["1.num_batches_tracked"].DType, Is.EqualTo(DType.Int64));
    }

    [Test]
    public void LayersComputeTheRightShapes()
    {
        using var scope = DisposeScope.Enter();
        var x = Torch.Zeros(2, 3, 8, 8);
        Assert.That(new Conv2d(3, 5, 3, stride: 2, padding: 1).Forward(x).Shape, Is.EqualTo(new long[] { 2, 5, 4, 4 }));
        Assert.That(new ConvTranspose2d(3, 5, 4, stride: 2, padding: 1).Forward(x).Shape, Is.EqualTo(new long[] { 2, 5, 16, 16 }));
        Assert.That(new MaxPool2d(2).Forward(x).Shape, Is.EqualTo(new long[] { 2, 3, 4, 4 }));
        Assert.That(new AvgPool2d(2).Forward(x).Shape, Is.EqualTo(new long[] { 2, 3, 4, 4 }));
        Assert.That(new Upsample(2, UpsampleMode.Bilinear).Forward(x).Shape, Is.EqualTo(new long[] { 2, 3, 16, 16 }));
        Assert.That(new GroupNorm(3, 3).Forward(x).Shape, Is.EqualTo(x.Shape));
        Assert.That(new LayerNorm(8).Forward(x).Shape, Is.EqualTo(x.Shape));
        Assert.That(new Embedding(10, 4).Forward(Tensor.From(new long[] { 1, 9 })).Shape, Is.EqualTo(new long[] { 2, 4 }));
        Assert.That(new Sequential(new Flatten(), new Unflatten(3, 8, 8)).Forward(x).Shape, Is.EqualTo(x.Shape));
        Assert.That(new Softmax(1).Forward(x).Sum(1).Mean().ToDouble(), Is.EqualTo(1).Within(1e-6));
    }

    private static Tensor GradientInput()
    {
        using var g = new Generator(9);
        return Torch.Randn(new long[] { 2, 1, 4, 4 }, g).DetachFromDisposeScope();
    }
}
