// Loss functions. reduction: 0 = none, 1 = mean, 2 = sum (at::Reduction).
#include "pl_common.h"

PL_API TensorHandle pl_mse_loss(TensorHandle input, TensorHandle target, int32_t reduction) {
  PL_RETURN_TENSOR(at::mse_loss(*input, *target, reduction))
}

PL_API TensorHandle pl_l1_loss(TensorHandle input, TensorHandle target, int32_t reduction) {
  PL_RETURN_TENSOR(at::l1_loss(*input, *target, reduction))
}

PL_API TensorHandle pl_binary_cross_entropy(TensorHandle input, TensorHandle target, TensorHandle weight,
                                            int32_t reduction) {
  PL_RETURN_TENSOR(at::binary_cross_entropy(*input, *target, pl_optional(weight), reduction))
}

PL_API TensorHandle pl_binary_cross_entropy_with_logits(TensorHandle input, TensorHandle target, TensorHandle weight,
                                                        TensorHandle pos_weight, int32_t reduction) {
  PL_RETURN_TENSOR(at::binary_cross_entropy_with_logits(*input, *target, pl_optional(weight), pl_optional(pos_weight),
                                                        reduction))
}

PL_API TensorHandle pl_cross_entropy(TensorHandle input, TensorHandle target, TensorHandle weight, int32_t reduction,
                                     int64_t ignore_index, double label_smoothing) {
  PL_RETURN_TENSOR(at::cross_entropy_loss(*input, *target, pl_optional(weight), reduction, ignore_index, label_smoothing))
}

PL_API TensorHandle pl_nll_loss(TensorHandle input, TensorHandle target, TensorHandle weight, int32_t reduction,
                                int64_t ignore_index) {
  PL_RETURN_TENSOR(at::nll_loss_nd(*input, *target, pl_optional(weight), reduction, ignore_index))
}
