// Autograd: gradients of leaves, backward, and torch.autograd.grad (which,
// with create_graph, gives gradients of gradients).
#include "pl_common.h"

#include <torch/csrc/autograd/autograd.h>

// Writes the accumulated gradient, or nullptr when the tensor has none.
PL_API int32_t pl_tensor_grad(TensorHandle t, TensorHandle* out) {
  PL_TRY
  const auto& grad = t->grad();
  *out = grad.defined() ? pl_wrap(grad) : nullptr;
  return 0;
  PL_CATCH(-1)
}

// Sets the gradient (nullptr clears it, as optimizer.zero_grad(set_to_none=True)).
PL_API int32_t pl_tensor_set_grad(TensorHandle t, TensorHandle grad) {
  PL_RETURN_STATUS(t->mutable_grad() = pl_or_undefined(grad))
}

PL_API int32_t pl_tensor_retain_grad(TensorHandle t) { PL_RETURN_STATUS(t->retain_grad()) }

PL_API int32_t pl_backward(TensorHandle t, TensorHandle grad, int32_t retain_graph, int32_t create_graph) {
  PL_TRY
  c10::optional<bool> retain = retain_graph < 0 ? c10::nullopt : c10::optional<bool>(retain_graph != 0);
  t->backward(pl_or_undefined(grad), retain, create_graph != 0);
  return 0;
  PL_CATCH(-1)
}

// results[i] receives d(sum outputs·grad_outputs)/d inputs[i], or nullptr when unused.
PL_API int32_t pl_autograd_grad(const TensorHandle* outputs, int32_t n_outputs, const TensorHandle* grad_outputs,
                                const TensorHandle* inputs, int32_t n_inputs, int32_t retain_graph, int32_t create_graph,
                                int32_t allow_unused, TensorHandle* results) {
  PL_TRY
  std::vector<at::Tensor> grads;
  if (grad_outputs != nullptr) {
    for (int32_t i = 0; i < n_outputs; ++i) grads.push_back(pl_or_undefined(grad_outputs[i]));
  }
  c10::optional<bool> retain = retain_graph < 0 ? c10::nullopt : c10::optional<bool>(retain_graph != 0);
  auto computed = torch::autograd::grad(pl_tensor_list(outputs, n_outputs), pl_tensor_list(inputs, n_inputs), grads,
                                        retain, create_graph != 0, allow_unused != 0);
  for (int32_t i = 0; i < n_inputs; ++i) results[i] = computed[i].defined() ? pl_wrap(computed[i]) : nullptr;
  return 0;
  PL_CATCH(-1)
}
