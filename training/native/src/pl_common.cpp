// Error state, conversions shared by every file, and process-wide settings.
#include "pl_common.h"

#include <ATen/Parallel.h>
#include <ATen/ScalarOps.h>
#include <ATen/detail/CUDAHooksInterface.h>

#include <cstdlib>
#include <cstring>

namespace {
thread_local std::string last_error;
}

void pl_set_error(const char* message) { last_error = message ? message : "unknown native error"; }

at::Scalar pl_scalar(PlScalar s) {
  switch (s.kind) {
    case 1: return at::Scalar(s.integer);
    case 2: return at::Scalar(s.integer != 0);
    default: return at::Scalar(s.real);
  }
}

// A 0-dim "wrapped number": takes part in type promotion like a Python scalar.
at::Tensor pl_wrapped_scalar(PlScalar s) { return at::native::wrapped_scalar_tensor(pl_scalar(s)); }

c10::optional<at::Tensor> pl_optional(TensorHandle h) {
  return h ? c10::optional<at::Tensor>(*h) : c10::nullopt;
}

at::Tensor pl_or_undefined(TensorHandle h) { return h ? *h : at::Tensor(); }

at::IntArrayRef pl_dims(const int64_t* dims, int32_t count) {
  return at::IntArrayRef(dims, static_cast<size_t>(count));
}

at::TensorOptions pl_options(int32_t dtype, int32_t device_type, int32_t device_index) {
  return at::TensorOptions()
      .dtype(static_cast<at::ScalarType>(dtype))
      .device(at::Device(static_cast<at::DeviceType>(device_type), static_cast<c10::DeviceIndex>(device_index)));
}

std::vector<at::Tensor> pl_tensor_list(const TensorHandle* handles, int32_t count) {
  std::vector<at::Tensor> list;
  list.reserve(count);
  for (int32_t i = 0; i < count; ++i) list.push_back(*handles[i]);
  return list;
}

PL_API const char* pl_last_error() { return last_error.c_str(); }

PL_API void pl_clear_error() { last_error.clear(); }

PL_API void pl_free_string(char* s) { std::free(s); }

PL_API int32_t pl_set_num_threads(int32_t n) { PL_RETURN_STATUS(at::set_num_threads(n)) }

PL_API int32_t pl_get_num_threads() { return at::get_num_threads(); }

PL_API int32_t pl_set_grad_enabled(int32_t enabled) {
  bool previous = c10::GradMode::is_enabled();
  c10::GradMode::set_enabled(enabled != 0);
  return previous ? 1 : 0;
}

PL_API int32_t pl_is_grad_enabled() { return c10::GradMode::is_enabled() ? 1 : 0; }

PL_API int32_t pl_cuda_device_count() {
  PL_TRY return at::detail::getCUDAHooks().hasCUDA() ? at::detail::getCUDAHooks().getNumGPUs() : 0;
  PL_CATCH(0)
}

PL_API int32_t pl_manual_seed(int64_t seed) { PL_RETURN_STATUS(at::manual_seed(static_cast<uint64_t>(seed))) }
