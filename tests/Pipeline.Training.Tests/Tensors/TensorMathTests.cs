using NUnit.Framework;
using Pipeline.Tensors;

namespace Pipeline.Tests.Tensors;

public class TensorMathTests
{
    private DisposeScope scope = null!;

    [SetUp]
    public void EnterScope() => scope = DisposeScope.Enter();

    [TearDown]
    public void ExitScope() => scope.Dispose();

    private static Tensor F(params float[] values) => Tensor.From(values);

    [Test]
    public void OperatorsBroadcast()
    {
        var a = Tensor.From(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        var b = F(10, 20, 30);
        Assert.That((a + b).ToArray<float>(), Is.EqualTo(new float[] { 11, 22, 33, 14, 25, 36 }));
        Assert.That((a * 2 - 1).ToArray<float>(), Is.EqualTo(new float[] { 1, 3, 5, 7, 9, 11 }));
        Assert.That((1 - a).ToArray<float>()[0], Is.EqualTo(0f));
        Assert.That((6 / a).ToArray<float>()[5], Is.EqualTo(1f));
        Assert.That((-a).Sum().ToDouble(), Is.EqualTo(-21));
    }

    [Test]
    public void ScalarsKeepPyTorchTypePromotion()
    {
        var ints = Tensor.From(new long[] { 1, 2, 3 });
        Assert.That((ints + 1).DType, Is.EqualTo(DType.Int64));
        Assert.That((ints + 0.5).DType, Is.EqualTo(DType.Float32));
        Assert.That((ints * 2).ToArray<long>(), Is.EqualTo(new long[] { 2, 4, 6 }));
        Assert.That((ints > 1).DType, Is.EqualTo(DType.Bool));
        Assert.That((ints > 1).ToArray<bool>(), Is.EqualTo(new[] { false, true, true }));
    }

    [Test]
    public void ComparisonsAndLogic()
    {
        var a = F(1, 2, 3);
        var b = F(3, 2, 1);
        Assert.That(a.Eq(b).ToArray<bool>(), Is.EqualTo(new[] { false, true, false }));
        Assert.That(((a < b) | (a > b)).ToArray<bool>(), Is.EqualTo(new[] { true, false, true }));
        Assert.That((!(a >= 2)).ToArray<bool>(), Is.EqualTo(new[] { true, false, false }));
        Assert.That(a.Maximum(b).ToArray<float>(), Is.EqualTo(new float[] { 3, 2, 3 }));
    }

    [Test]
    public void ElementwiseFunctions()
    {
        var x = F(-1, 0, 4);
        Assert.That(x.Abs().ToArray<float>(), Is.EqualTo(new float[] { 1, 0, 4 }));
        Assert.That(x.Sign().ToArray<float>(), Is.EqualTo(new float[] { -1, 0, 1 }));
        Assert.That(x.Clamp(0, 2).ToArray<float>(), Is.EqualTo(new float[] { 0, 0, 2 }));
        Assert.That(x.Clamp(min: 0).Sqrt().ToArray<float>(), Is.EqualTo(new float[] { 0, 0, 2 }));
        Assert.That(x.Exp().Log().ToArray<float>(), Is.EqualTo(new float[] { -1, 0, 4 }).Within(1e-6));
        Assert.That(x.Log1p().ToArray<float>()[2], Is.EqualTo((float)Math.Log(5)).Within(1e-6));
        Assert.That(x.Pow(2).ToArray<float>(), Is.EqualTo(new float[] { 1, 0, 16 }));
        Assert.That(x.Erf().ToArray<float>()[1], Is.EqualTo(0f));
    }

    [Test]
    public void Reductions()
    {
        var a = Tensor.From(new double[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        Assert.That(a.Sum().ToDouble(), Is.EqualTo(21));
        Assert.That(a.Mean(1).ToArray<double>(), Is.EqualTo(new double[] { 2, 5 }));
        Assert.That(a.Sum(0, keepDim: true).Shape, Is.EqualTo(new long[] { 1, 3 }));
        Assert.That(a.Max().ToDouble(), Is.EqualTo(6));
        Assert.That(a.Min().ToDouble(), Is.EqualTo(1));
        Assert.That(a.Prod().ToDouble(), Is.EqualTo(720));
        Assert.That(a.Var().ToDouble(), Is.EqualTo(3.5).Within(1e-12));
        Assert.That(a.Std(new long[] { 1 }, unbiased: false).ToArray<double>()[0], Is.EqualTo(Math.Sqrt(2.0 / 3)).Within(1e-12));
        Assert.That(a.ArgMax(1).ToArray<long>(), Is.EqualTo(new long[] { 2, 2 }));
        var (values, indices) = a.Max(0);
        Assert.That(values.ToArray<double>(), Is.EqualTo(new double[] { 4, 5, 6 }));
        Assert.That(indices.ToArray<long>(), Is.EqualTo(new long[] { 1, 1, 1 }));
        Assert.That(a.LogSumExp(1).ToArray<double>()[0], Is.EqualTo(Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3))).Within(1e-12));
        Assert.That(a.Norm().ToDouble(), Is.EqualTo(Math.Sqrt(91)).Within(1e-12));
        Assert.That(a.CumSum(1).ToArray<double>(), Is.EqualTo(new double[] { 1, 3, 6, 4, 9, 15 }));
        Assert.That(a.CumProd(1).ToArray<double>(), Is.EqualTo(new double[] { 1, 2, 6, 4, 20, 120 }));
        Assert.That((a > 0).All().ToBoolean(), Is.True);
        Assert.That((a > 5).Any().ToBoolean(), Is.True);
    }

    [Test]
    public void MatrixProducts()
    {
        var a = Tensor.From(new float[] { 1, 2, 3, 4 }, 2, 2);
        var b = Tensor.From(new float[] { 5, 6, 7, 8 }, 2, 2);
        Assert.That(a.MatMul(b).ToArray<float>(), Is.EqualTo(new float[] { 19, 22, 43, 50 }));
        Assert.That(a.Unsqueeze(0).Bmm(b.Unsqueeze(0)).Shape, Is.EqualTo(new long[] { 1, 2, 2 }));
        Assert.That(Torch.Einsum("ij,jk->ik", a, b).Equal(a.MatMul(b)), Is.True);
    }

    [Test]
    public void InPlaceUpdates()
    {
        var a = F(1, 2, 3);
        a.Mul_(2).Add_(1);
        Assert.That(a.ToArray<float>(), Is.EqualTo(new float[] { 3, 5, 7 }));
        a.AddCMul_(F(1, 1, 1), F(2, 2, 2), 0.5);
        Assert.That(a.ToArray<float>(), Is.EqualTo(new float[] { 4, 6, 8 }));
        a.AddCDiv_(F(2, 2, 2), F(2, 2, 2), -1);
        Assert.That(a.ToArray<float>(), Is.EqualTo(new float[] { 3, 5, 7 }));
        a.Lerp_(F(5, 5, 5), 0.5);
        Assert.That(a.ToArray<float>(), Is.EqualTo(new float[] { 4, 5, 6 }));
        a.Zero_();
        Assert.That(a.Sum().ToDouble(), Is.EqualTo(0));
    }

    [Test]
    public void RandomDrawsAreSeeded()
    {
        using var g1 = new Generator(42);
        using var g2 = new Generator(42);
        Assert.That(Torch.Randn(new long[] { 5 }, g1).Equal(Torch.Randn(new long[] { 5 }, g2)), Is.True);
        Assert.That(Torch.Randn(new long[] { 5 }, g1).Equal(Torch.Randn(new long[] { 5 }, new Generator(43))), Is.False);
        var state = g1.GetState();
        var next = Torch.Rand(new long[] { 3 }, g1);
        g1.SetState(state);
        Assert.That(Torch.Rand(new long[] { 3 }, g1).Equal(next), Is.True);
    }

    [Test]
    public void SamplingMatchesProbabilities()
    {
        using var generator = new Generator(7);
        var big = Torch.Randn(new long[] { 100_000 }, generator);
        Assert.That(big.Mean().ToDouble(), Is.EqualTo(0).Within(0.02));
        Assert.That(big.Std().ToDouble(), Is.EqualTo(1).Within(0.02));
        var u = Torch.Rand(new long[] { 100_000 }, generator);
        Assert.That(u.Min().ToDouble(), Is.GreaterThanOrEqualTo(0));
        Assert.That(u.Max().ToDouble(), Is.LessThan(1));
        var coins = Torch.Bernoulli(Torch.Full(new long[] { 100_000 }, 0.3), generator);
        Assert.That(coins.Mean().ToDouble(), Is.EqualTo(0.3).Within(0.01));
        var draws = Torch.Multinomial(F(1, 0, 3), 20_000, replacement: true, generator);
        var counts = draws.OneHot(3).Sum(0).ToArray<long>();
        Assert.That(counts[1], Is.EqualTo(0));
        Assert.That(counts[2] / 20_000.0, Is.EqualTo(0.75).Within(0.02));
        var ints = Torch.RandInt(3, 7, new long[] { 10_000 }, generator);
        Assert.That(ints.Min().ToInt64(), Is.EqualTo(3));
        Assert.That(ints.Max().ToInt64(), Is.EqualTo(6));
        Assert.That(Torch.RandPerm(10, generator).Sort().Values.ToArray<long>(), Is.EqualTo(Enumerable.Range(0, 10).Select(i => (long)i)));
    }

    [Test]
    public void CreationFunctions()
    {
        Assert.That(Torch.Arange(5).ToArray<long>(), Is.EqualTo(new long[] { 0, 1, 2, 3, 4 }));
        Assert.That(Torch.Arange(0.0, 1.0, 0.25, DType.Float64).ToArray<double>(), Is.EqualTo(new[] { 0, 0.25, 0.5, 0.75 }));
        Assert.That(Torch.Linspace(0, 1, 5).ToArray<float>(), Is.EqualTo(new float[] { 0, 0.25f, 0.5f, 0.75f, 1 }));
        Assert.That(Torch.Full(new long[] { 2 }, 7, DType.Int64).ToArray<long>(), Is.EqualTo(new long[] { 7, 7 }));
        Assert.That(Torch.Eye(3).Sum().ToDouble(), Is.EqualTo(3));
        Assert.That(Torch.Ones(new long[] { 2, 2 }, DType.UInt8).ToArray<byte>(), Is.All.EqualTo((byte)1));
        Assert.That(Tensor.FromScalar(2.5).Dim, Is.EqualTo(0));
        Assert.That(Tensor.From(new[] { true, false }).DType, Is.EqualTo(DType.Bool));
    }

    [Test]
    public void DTypeConversions()
    {
        var a = F(1.7f, -2.2f);
        Assert.That(a.To(DType.Int64).ToArray<long>(), Is.EqualTo(new long[] { 1, -2 }));
        Assert.That(a.Double().DType, Is.EqualTo(DType.Float64));
        Assert.That(a.To(DType.Bool).ToArray<bool>(), Is.EqualTo(new[] { true, true }));
        Assert.That(a.Device, Is.EqualTo(Device.Cpu));
    }
}
