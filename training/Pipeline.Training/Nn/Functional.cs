using Pipeline.Tensors;
using Pipeline.Tensors.Native;

namespace Pipeline.Nn;

/// <summary>Stateless neural-network functions, as in <c>torch.nn.functional</c>.</summary>
public static unsafe partial class Functional
{
    private static IntPtr Opt(Tensor? t) => t?.Handle ?? IntPtr.Zero;

    /// <summary>x·Wᵀ + b. x: [..., in], weight: [out, in], bias: [out].</summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias = null) =>
        Tensor.Wrap(NativeMethods.pl_linear(x.Handle, weight.Handle, Opt(bias)));

    /// <summary>x: [N, C_in, H, W], weight: [C_out, C_in/groups, kH, kW].</summary>
    public static Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias = null, Pair stride = default, Pair padding = default,
        Pair dilation = default, long groups = 1)
    {
        long* s = stackalloc long[2] { stride.OrOne.H, stride.OrOne.W };
        long* p = stackalloc long[2] { padding.H, padding.W };
        long* d = stackalloc long[2] { dilation.OrOne.H, dilation.OrOne.W };
        return Tensor.Wrap(NativeMethods.pl_conv2d(x.Handle, weight.Handle, Opt(bias), s, p, d, groups));
    }

    /// <summary>x: [N, C_in, H, W], weight: [C_in, C_out/groups, kH, kW].</summary>
    public static Tensor ConvTranspose2d(Tensor x, Tensor weight, Tensor? bias = null, Pair stride = default, Pair padding = default,
        Pair outputPadding = default, Pair dilation = default, long groups = 1)
    {
        long* s = stackalloc long[2] { stride.OrOne.H, stride.OrOne.W };
        long* p = stackalloc long[2] { padding.H, padding.W };
        long* o = stackalloc long[2] { outputPadding.H, outputPadding.W };
        long* d = stackalloc long[2] { dilation.OrOne.H, dilation.OrOne.W };
        return Tensor.Wrap(NativeMethods.pl_conv_transpose2d(x.Handle, weight.Handle, Opt(bias), s, p, o, d, groups));
    }

    /// <summary>Max pooling; the stride defaults to the kernel size.</summary>
    public static Tensor MaxPool2d(Tensor x, Pair kernel, Pair? stride = null, Pair padding = default, Pair dilation = default, bool ceilMode = false)
    {
        var st = stride ?? kernel;
        long* k = stackalloc long[2] { kernel.H, kernel.W };
        long* s = stackalloc long[2] { st.H, st.W };
        long* p = stackalloc long[2] { padding.H, padding.W };
        long* d = stackalloc long[2] { dilation.OrOne.H, dilation.OrOne.W };
        return Tensor.Wrap(NativeMethods.pl_max_pool2d(x.Handle, k, s, p, d, ceilMode ? 1 : 0));
    }

    /// <summary>Average pooling; the stride defaults to the kernel size.</summary>
    public static Tensor AvgPool2d(Tensor x, Pair kernel, Pair? stride = null, Pair padding = default, bool ceilMode = false, bool countIncludePad = true)
    {
        var st = stride ?? kernel;
        long* k = stackalloc long[2] { kernel.H, kernel.W };
        long* s = stackalloc long[2] { st.H, st.W };
        long* p = stackalloc long[2] { padding.H, padding.W };
        return Tensor.Wrap(NativeMethods.pl_avg_pool2d(x.Handle, k, s, p, ceilMode ? 1 : 0, countIncludePad ? 1 : 0));
    }

    public static Tensor AdaptiveAvgPool2d(Tensor x, Pair outputSize)
    {
        long* o = stackalloc long[2] { outputSize.H, outputSize.W };
        return Tensor.Wrap(NativeMethods.pl_adaptive_avg_pool2d(x.Handle, o));
    }

    /// <summary>Resizes [N, C, H, W] to the given size.</summary>
    public static Tensor Upsample(Tensor x, Pair size, UpsampleMode mode = UpsampleMode.Nearest, bool alignCorners = false)
    {
        if (mode == UpsampleMode.Nearest && alignCorners)
            throw new ArgumentException("alignCorners applies to bilinear upsampling only");
        return Tensor.Wrap(NativeMethods.pl_upsample2d(x.Handle, size.H, size.W, (int)mode, alignCorners ? 1 : 0));
    }

    /// <summary>Resizes [N, C, H, W] by an integer factor per side.</summary>
    public static Tensor Upsample(Tensor x, int scaleFactor, UpsampleMode mode = UpsampleMode.Nearest, bool alignCorners = false)
    {
        var shape = x.Shape;
        if (shape.Length != 4) throw new ArgumentException($"upsampling takes [N, C, H, W] input, got {x.ShapeText}");
        return Upsample(x, new Pair(shape[2] * scaleFactor, shape[3] * scaleFactor), mode, alignCorners);
    }

    /// <summary>Batch normalization; in training mode the running statistics are updated in place.</summary>
    public static Tensor BatchNorm(Tensor x, Tensor? runningMean, Tensor? runningVar, Tensor? weight = null, Tensor? bias = null,
        bool training = false, double momentum = 0.1, double eps = 1e-5) =>
        Tensor.Wrap(NativeMethods.pl_batch_norm(x.Handle, Opt(weight), Opt(bias), Opt(runningMean), Opt(runningVar), training ? 1 : 0, momentum, eps));

    public static Tensor GroupNorm(Tensor x, long groups, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5) =>
        Tensor.Wrap(NativeMethods.pl_group_norm(x.Handle, groups, Opt(weight), Opt(bias), eps));

    public static Tensor LayerNorm(Tensor x, long[] normalizedShape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
    {
        fixed (long* s = normalizedShape)
            return Tensor.Wrap(NativeMethods.pl_layer_norm(x.Handle, s, normalizedShape.Length, Opt(weight), Opt(bias), eps));
    }

    /// <summary>Rows of <paramref name="weight"/> [num, dim] at the int64 <paramref name="indices"/>.</summary>
    public static Tensor Embedding(Tensor indices, Tensor weight) => Tensor.Wrap(NativeMethods.pl_embedding(weight.Handle, indices.Handle));

    /// <summary>Zeroes elements with probability p (drawn from the generator) and scales the rest by 1/(1−p); identity when not training.</summary>
    public static Tensor Dropout(Tensor x, double p, bool training, Generator? generator = null)
    {
        if (p is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability must be in [0, 1]");
        if (!training || p == 0) return x.Alias();
        if (p == 1) return x * 0.0;
        using var keep = Torch.FullLike(x, 1 - p);
        using var mask = Torch.Bernoulli(keep, generator);
        using var kept = x * mask;
        return kept / (1 - p);
    }

    public static Tensor Relu(Tensor x) => x.Relu();
    public static Tensor LeakyRelu(Tensor x, double negativeSlope = 0.01) => Tensor.Wrap(NativeMethods.pl_leaky_relu(x.Handle, negativeSlope));
    public static Tensor Elu(Tensor x, double alpha = 1.0) => Tensor.Wrap(NativeMethods.pl_elu(x.Handle, alpha));
    public static Tensor Silu(Tensor x) => x.Silu();
    public static Tensor Gelu(Tensor x, bool tanhApproximation = false) => x.Gelu(tanhApproximation);
    public static Tensor Sigmoid(Tensor x) => x.Sigmoid();
    public static Tensor Tanh(Tensor x) => x.Tanh();
    public static Tensor Softplus(Tensor x, double beta = 1, double threshold = 20) => Tensor.Wrap(NativeMethods.pl_softplus(x.Handle, beta, threshold));
    public static Tensor Softmax(Tensor x, int dim) => Tensor.Wrap(NativeMethods.pl_softmax(x.Handle, dim, 0));
    public static Tensor LogSoftmax(Tensor x, int dim) => Tensor.Wrap(NativeMethods.pl_softmax(x.Handle, dim, 1));
    public static Tensor LogSumExp(Tensor x, int dim, bool keepDim = false) => x.LogSumExp(dim, keepDim);
    public static Tensor OneHot(Tensor indices, long classes) => indices.OneHot(classes);
}
