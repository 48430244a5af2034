using System.Runtime.InteropServices;

namespace Pipeline.Tensors.Native;

internal static unsafe partial class NativeMethods
{
    [LibraryImport(Library)] internal static partial IntPtr pl_linear(IntPtr x, IntPtr weight, IntPtr bias);
    [LibraryImport(Library)] internal static partial IntPtr pl_conv2d(IntPtr x, IntPtr weight, IntPtr bias, long* stride, long* padding, long* dilation, long groups);
    [LibraryImport(Library)] internal static partial IntPtr pl_conv_transpose2d(IntPtr x, IntPtr weight, IntPtr bias, long* stride, long* padding, long* outputPadding, long* dilation, long groups);
    [LibraryImport(Library)] internal static partial IntPtr pl_max_pool2d(IntPtr x, long* kernel, long* stride, long* padding, long* dilation, int ceilMode);
    [LibraryImport(Library)] internal static partial IntPtr pl_avg_pool2d(IntPtr x, long* kernel, long* stride, long* padding, int ceilMode, int countIncludePad);
    [LibraryImport(Library)] internal static partial IntPtr pl_adaptive_avg_pool2d(IntPtr x, long* outputSize);
    [LibraryImport(Library)] internal static partial IntPtr pl_upsample2d(IntPtr x, long outH, long outW, int mode, int alignCorners);
    [LibraryImport(Library)] internal static partial IntPtr pl_batch_norm(IntPtr x, IntPtr weight, IntPtr bias, IntPtr runningMean, IntPtr runningVar, int training, double momentum, double eps);
    [LibraryImport(Library)] internal static partial IntPtr pl_group_norm(IntPtr x, long groups, IntPtr weight, IntPtr bias, double eps);
    [LibraryImport(Library)] internal static partial IntPtr pl_layer_norm(IntPtr x, long* normalizedShape, int ndim, IntPtr weight, IntPtr bias, double eps);
    [LibraryImport(Library)] internal static partial IntPtr pl_embedding(IntPtr weight, IntPtr indices);
    [LibraryImport(Library)] internal static partial IntPtr pl_leaky_relu(IntPtr x, double slope);
    [LibraryImport(Library)] internal static partial IntPtr pl_elu(IntPtr x, double alpha);
    [LibraryImport(Library)] internal static partial IntPtr pl_softplus(IntPtr x, double beta, double threshold);
    [LibraryImport(Library)] internal static partial IntPtr pl_softmax(IntPtr x, long dim, int isLog);
    [LibraryImport(Library)] internal static partial IntPtr pl_mse_loss(IntPtr input, IntPtr target, Reduction reduction);
    [LibraryImport(Library)] internal static partial IntPtr pl_l1_loss(IntPtr input, IntPtr target, Reduction reduction);
    [LibraryImport(Library)] internal static partial IntPtr pl_binary_cross_entropy(IntPtr input, IntPtr target, IntPtr weight, Reduction reduction);
    [LibraryImport(Library)] internal static partial IntPtr pl_binary_cross_entropy_with_logits(IntPtr input, IntPtr target, IntPtr weight, IntPtr posWeight, Reduction reduction);
    [LibraryImport(Library)] internal static partial IntPtr pl_cross_entropy(IntPtr input, IntPtr target, IntPtr weight, Reduction reduction, long ignoreIndex, double labelSmoothing);
    [LibraryImport(Library)] internal static partial IntPtr pl_nll_loss(IntPtr input, IntPtr target, IntPtr weight, Reduction reduction, long ignoreIndex);
}
