using Pipeline.Tensors;
using Pipeline.Tensors.Native;

namespace Pipeline.Nn;

public static partial class Functional
{
    public static Tensor MseLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
        Tensor.Wrap(NativeMethods.pl_mse_loss(input.Handle, target.Handle, reduction));

    public static Tensor L1Loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
        Tensor.Wrap(NativeMethods.pl_l1_loss(input.Handle, target.Handle, reduction));

    /// <summary>Binary cross-entropy of probabilities in [0, 1].</summary>
    public static Tensor BinaryCrossEntropy(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean) =>
        Tensor.Wrap(NativeMethods.pl_binary_cross_entropy(input.Handle, target.Handle, Opt(weight), reduction));

    /// <summary>Binary cross-entropy of logits (numerically stable sigmoid + BCE).</summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor? weight = null, Tensor? posWeight = null,
        Reduction reduction = Reduction.Mean) =>
        Tensor.Wrap(NativeMethods.pl_binary_cross_entropy_with_logits(input.Handle, target.Handle, Opt(weight), Opt(posWeight), reduction));

    /// <summary>Cross-entropy of logits [N, C, ...] against int64 class indices [N, ...] (or class probabilities).</summary>
    public static Tensor CrossEntropy(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean,
        long ignoreIndex = -100, double labelSmoothing = 0) =>
        Tensor.Wrap(NativeMethods.pl_cross_entropy(input.Handle, target.Handle, Opt(weight), reduction, ignoreIndex, labelSmoothing));

    /// <summary>Negative log-likelihood of log-probabilities [N, C, ...] at int64 class indices [N, ...].</summary>
    public static Tensor NllLoss(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean, long ignoreIndex = -100) =>
        Tensor.Wrap(NativeMethods.pl_nll_loss(input.Handle, target.Handle, Opt(weight), reduction, ignoreIndex));
}
