// Neural-network functions: convolutions, pooling, normalization, activations,
// softmax, resampling, embedding. Optional tensors are passed as nullptr.
#include "pl_common.h"

PL_API TensorHandle pl_linear(TensorHandle x, TensorHandle weight, TensorHandle bias) {
  PL_RETURN_TENSOR(at::linear(*x, *weight, pl_optional(bias)))
}

// params: stride[2], padding[2], dilation[2]
PL_API TensorHandle pl_conv2d(TensorHandle x, TensorHandle weight, TensorHandle bias, const int64_t* stride,
                              const int64_t* padding, const int64_t* dilation, int64_t groups) {
  PL_RETURN_TENSOR(at::conv2d(*x, *weight, pl_optional(bias), pl_dims(stride, 2), pl_dims(padding, 2),
                              pl_dims(dilation, 2), groups))
}

PL_API TensorHandle pl_conv_transpose2d(TensorHandle x, TensorHandle weight, TensorHandle bias, const int64_t* stride,
                                        const int64_t* padding, const int64_t* output_padding, const int64_t* dilation,
                                        int64_t groups) {
  PL_RETURN_TENSOR(at::conv_transpose2d(*x, *weight, pl_optional(bias), pl_dims(stride, 2), pl_dims(padding, 2),
                                        pl_dims(output_padding, 2), groups, pl_dims(dilation, 2)))
}

PL_API TensorHandle pl_max_pool2d(TensorHandle x, const int64_t* kernel, const int64_t* stride, const int64_t* padding,
                                  const int64_t* dilation, int32_t ceil_mode) {
  PL_RETURN_TENSOR(at::max_pool2d(*x, pl_dims(kernel, 2), pl_dims(stride, 2), pl_dims(padding, 2), pl_dims(dilation, 2),
                                  ceil_mode != 0))
}

PL_API TensorHandle pl_avg_pool2d(TensorHandle x, const int64_t* kernel, const int64_t* stride, const int64_t* padding,
                                  int32_t ceil_mode, int32_t count_include_pad) {
  PL_RETURN_TENSOR(at::avg_pool2d(*x, pl_dims(kernel, 2), pl_dims(stride, 2), pl_dims(padding, 2), ceil_mode != 0,
                                  count_include_pad != 0))
}

PL_API TensorHandle pl_adaptive_avg_pool2d(TensorHandle x, const int64_t* output_size) {
  PL_RETURN_TENSOR(at::adaptive_avg_pool2d(*x, pl_dims(output_size, 2)))
}

// mode 0 = nearest, 1 = bilinear.
PL_API TensorHandle pl_upsample2d(TensorHandle x, int64_t out_h, int64_t out_w, int32_t mode, int32_t align_corners) {
  PL_TRY
  int64_t size[2] = {out_h, out_w};
  if (mode == 0) return pl_wrap(at::upsample_nearest2d(*x, at::IntArrayRef(size, 2)));
  return pl_wrap(at::upsample_bilinear2d(*x, at::IntArrayRef(size, 2), align_corners != 0));
  PL_CATCH(nullptr)
}

// In training mode the running statistics (if given) are updated in place.
PL_API TensorHandle pl_batch_norm(TensorHandle x, TensorHandle weight, TensorHandle bias, TensorHandle running_mean,
                                  TensorHandle running_var, int32_t training, double momentum, double eps) {
  PL_RETURN_TENSOR(at::batch_norm(*x, pl_optional(weight), pl_optional(bias), pl_optional(running_mean),
                                  pl_optional(running_var), training != 0, momentum, eps, /*cudnn_enabled=*/true))
}

PL_API TensorHandle pl_group_norm(TensorHandle x, int64_t groups, TensorHandle weight, TensorHandle bias, double eps) {
  PL_RETURN_TENSOR(at::group_norm(*x, groups, pl_optional(weight), pl_optional(bias), eps))
}

PL_API TensorHandle pl_layer_norm(TensorHandle x, const int64_t* normalized_shape, int32_t ndim, TensorHandle weight,
                                  TensorHandle bias, double eps) {
  PL_RETURN_TENSOR(at::layer_norm(*x, pl_dims(normalized_shape, ndim), pl_optional(weight), pl_optional(bias), eps))
}

PL_API TensorHandle pl_embedding(TensorHandle weight, TensorHandle indices) {
  PL_RETURN_TENSOR(at::embedding(*weight, *indices))
}

PL_API TensorHandle pl_leaky_relu(TensorHandle x, double slope) { PL_RETURN_TENSOR(at::leaky_relu(*x, slope)) }

PL_API TensorHandle pl_elu(TensorHandle x, double alpha) { PL_RETURN_TENSOR(at::elu(*x, alpha)) }

PL_API TensorHandle pl_softplus(TensorHandle x, double beta, double threshold) {
  PL_RETURN_TENSOR(at::softplus(*x, beta, threshold))
}

// is_log = 1: log_softmax, else softmax.
PL_API TensorHandle pl_softmax(TensorHandle x, int64_t dim, int32_t is_log) {
  PL_RETURN_TENSOR(is_log ? at::log_softmax(*x, dim) : at::softmax(*x, dim))
}
