// Tensor handles: lifetime, metadata, conversion and raw data access.
#include "pl_common.h"

#include <cstdlib>
#include <cstring>
#include <sstream>

PL_API void pl_tensor_free(TensorHandle t) { delete t; }

PL_API int64_t pl_tensor_dim(TensorHandle t) { return t->dim(); }

PL_API int32_t pl_tensor_shape(TensorHandle t, int64_t* out) {
  PL_TRY
  auto sizes = t->sizes();
  for (size_t i = 0; i < sizes.size(); ++i) out[i] = sizes[i];
  return 0;
  PL_CATCH(-1)
}

PL_API int64_t pl_tensor_numel(TensorHandle t) { return t->numel(); }

PL_API int32_t pl_tensor_dtype(TensorHandle t) { return static_cast<int32_t>(t->scalar_type()); }

PL_API int32_t pl_tensor_device_type(TensorHandle t) { return static_cast<int32_t>(t->device().type()); }

PL_API int32_t pl_tensor_device_index(TensorHandle t) { return t->device().index(); }

PL_API int32_t pl_tensor_requires_grad(TensorHandle t) { return t->requires_grad() ? 1 : 0; }

PL_API int32_t pl_tensor_is_leaf(TensorHandle t) { return t->is_leaf() ? 1 : 0; }

PL_API int32_t pl_tensor_is_contiguous(TensorHandle t) { return t->is_contiguous() ? 1 : 0; }

PL_API int32_t pl_tensor_set_requires_grad(TensorHandle t, int32_t value) {
  PL_RETURN_STATUS(t->set_requires_grad(value != 0))
}

PL_API TensorHandle pl_tensor_to(TensorHandle t, int32_t dtype, int32_t device_type, int32_t device_index, int32_t copy) {
  PL_RETURN_TENSOR(t->to(pl_options(dtype, device_type, device_index), /*non_blocking=*/false, copy != 0))
}

PL_API TensorHandle pl_tensor_clone(TensorHandle t) { PL_RETURN_TENSOR(t->clone()) }

PL_API TensorHandle pl_tensor_detach(TensorHandle t) { PL_RETURN_TENSOR(t->detach()) }

PL_API TensorHandle pl_tensor_contiguous(TensorHandle t) { PL_RETURN_TENSOR(t->contiguous()) }

PL_API TensorHandle pl_tensor_alias(TensorHandle t) { PL_RETURN_TENSOR(*t) }

// Copies `bytes` from host memory into a new tensor of the given shape and dtype.
PL_API TensorHandle pl_tensor_from_data(const void* data, int64_t bytes, const int64_t* shape, int32_t ndim, int32_t dtype) {
  PL_TRY
  auto options = at::TensorOptions().dtype(static_cast<at::ScalarType>(dtype));
  auto result = at::empty(pl_dims(shape, ndim), options);
  auto expected = static_cast<int64_t>(result.numel() * result.element_size());
  TORCH_CHECK(expected == bytes, "data holds ", bytes, " bytes but shape ", result.sizes(), " of ",
              result.scalar_type(), " needs ", expected);
  if (bytes > 0) std::memcpy(result.data_ptr(), data, static_cast<size_t>(bytes));
  return pl_wrap(result);
  PL_CATCH(nullptr)
}

// Copies the tensor's elements, in row-major order, into host memory of exactly `bytes`.
PL_API int32_t pl_tensor_copy_to(TensorHandle t, void* destination, int64_t bytes) {
  PL_TRY
  auto source = t->detach().to(at::kCPU).contiguous();
  auto expected = static_cast<int64_t>(source.numel() * source.element_size());
  TORCH_CHECK(expected == bytes, "destination holds ", bytes, " bytes but the tensor has ", expected);
  if (bytes > 0) std::memcpy(destination, source.data_ptr(), static_cast<size_t>(bytes));
  return 0;
  PL_CATCH(-1)
}

// Pointer to the first element of a contiguous CPU tensor (nullptr otherwise).
PL_API void* pl_tensor_data_ptr(TensorHandle t) {
  PL_TRY
  TORCH_CHECK(t->device().is_cpu(), "data_ptr needs a CPU tensor, not ", t->device());
  TORCH_CHECK(t->is_contiguous(), "data_ptr needs a contiguous tensor: call Contiguous() first");
  return t->data_ptr();
  PL_CATCH(nullptr)
}

PL_API int32_t pl_tensor_item_double(TensorHandle t, double* out) {
  PL_TRY *out = t->item<double>(); return 0; PL_CATCH(-1)
}

PL_API int32_t pl_tensor_item_long(TensorHandle t, int64_t* out) {
  PL_TRY *out = t->item<int64_t>(); return 0; PL_CATCH(-1)
}

PL_API char* pl_tensor_to_string(TensorHandle t) {
  PL_TRY
  std::ostringstream stream;
  stream << *t;
  auto text = stream.str();
  auto* copy = static_cast<char*>(std::malloc(text.size() + 1));
  std::memcpy(copy, text.c_str(), text.size() + 1);
  return copy;
  PL_CATCH(nullptr)
}

PL_API int32_t pl_tensor_equal(TensorHandle a, TensorHandle b, int32_t* out) {
  PL_TRY *out = a->equal(*b) ? 1 : 0; return 0; PL_CATCH(-1)
}

PL_API int32_t pl_tensor_allclose(TensorHandle a, TensorHandle b, double rtol, double atol, int32_t* out) {
  PL_TRY *out = a->allclose(*b, rtol, atol) ? 1 : 0; return 0; PL_CATCH(-1)
}
