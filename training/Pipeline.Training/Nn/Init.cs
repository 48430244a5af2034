using Pipeline.Tensors;

namespace Pipeline.Nn;

/// <summary>Weight initializations of torch.nn.init; each fills a tensor in place without recording gradients.</summary>
public static class Init
{
    /// <summary>(fan_in, fan_out) of a weight: dim 1 and dim 0 times the receptive field, as PyTorch computes them.</summary>
    public static (long FanIn, long FanOut) FanInAndFanOut(Tensor weight)
    {
        var shape = weight.Shape;
        if (shape.Length < 2) throw new ArgumentException($"fan in and fan out need at least 2 dimensions, got {weight.ShapeText}");
        long receptive = 1;
        for (var i = 2; i < shape.Length; i++) receptive *= shape[i];
        return (shape[1] * receptive, shape[0] * receptive);
    }

    public static Tensor Uniform_(Tensor t, double from, double to, Generator? generator = null)
    {
        using var noGrad = Torch.NoGrad();
        return t.Uniform_(from, to, generator);
    }

    public static Tensor Normal_(Tensor t, double mean = 0, double std = 1, Generator? generator = null)
    {
        using var noGrad = Torch.NoGrad();
        return t.Normal_(mean, std, generator);
    }

    public static Tensor Constant_(Tensor t, double value)
    {
        using var noGrad = Torch.NoGrad();
        return t.Fill_(value);
    }

    /// <summary>He initialization with a leaky-ReLU gain: U(−b, b), b = gain·√(3/fan_in), gain = √(2/(1+a²)).</summary>
    public static Tensor KaimingUniform_(Tensor t, double a = 0, Generator? generator = null)
    {
        var (fanIn, _) = FanInAndFanOut(t);
        var gain = Math.Sqrt(2.0 / (1 + a * a));
        var bound = gain * Math.Sqrt(3.0 / fanIn);
        return Uniform_(t, -bound, bound, generator);
    }

    /// <summary>Glorot initialization: U(−b, b), b = gain·√(6/(fan_in+fan_out)).</summary>
    public static Tensor XavierUniform_(Tensor t, double gain = 1, Generator? generator = null)
    {
        var (fanIn, fanOut) = FanInAndFanOut(t);
        var bound = gain * Math.Sqrt(6.0 / (fanIn + fanOut));
        return Uniform_(t, -bound, bound, generator);
    }

    /// <summary>PyTorch's default for Linear and convolutions: weight Kaiming-uniform with a = √5, bias U(±1/√fan_in).</summary>
    internal static void DefaultLayer(Tensor weight, Tensor? bias, Generator? generator)
    {
        KaimingUniform_(weight, Math.Sqrt(5), generator);
        if (bias is null) return;
        var (fanIn, _) = FanInAndFanOut(weight);
        var bound = fanIn > 0 ? 1 / Math.Sqrt(fanIn) : 0;
        Uniform_(bias, -bound, bound, generator);
    }
}
