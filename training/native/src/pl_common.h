// Shared declarations of the native shim.
//
// Error convention (every exported function follows it):
//   * functions that make a tensor return a new heap handle, or nullptr on error;
//   * functions that do something else return 0 on success and -1 on error;
//   * on error, pl_last_error() returns libtorch's message for this thread.
// No C++ exception ever crosses the C boundary.
#pragma once

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>

#include <cstdint>
#include <string>
#include <vector>

#define PL_API extern "C" __attribute__((visibility("default")))

using TensorHandle = at::Tensor*;
using GeneratorHandle = at::Generator*;

// A scalar passed by value from C#: kind 0 = floating, 1 = integer, 2 = boolean.
struct PlScalar {
  int32_t kind;
  int32_t padding;
  double real;
  int64_t integer;
};

void pl_set_error(const char* message);
at::Scalar pl_scalar(PlScalar s);
at::Tensor pl_wrapped_scalar(PlScalar s);
c10::optional<at::Tensor> pl_optional(TensorHandle h);
at::Tensor pl_or_undefined(TensorHandle h);
at::IntArrayRef pl_dims(const int64_t* dims, int32_t count);
at::TensorOptions pl_options(int32_t dtype, int32_t device_type, int32_t device_index);
std::vector<at::Tensor> pl_tensor_list(const TensorHandle* handles, int32_t count);

inline TensorHandle pl_wrap(at::Tensor t) { return new at::Tensor(std::move(t)); }

#define PL_TRY try {
#define PL_CATCH(value)                                   \
  }                                                       \
  catch (const c10::Error& e) {                           \
    pl_set_error(e.what_without_backtrace());             \
    return value;                                         \
  }                                                       \
  catch (const std::exception& e) {                       \
    pl_set_error(e.what());                               \
    return value;                                         \
  }                                                       \
  catch (...) {                                           \
    pl_set_error("unknown native error");                 \
    return value;                                         \
  }

// Wraps an expression producing a tensor into the handle convention.
#define PL_RETURN_TENSOR(expr) \
  PL_TRY return pl_wrap(expr); PL_CATCH(nullptr)

// Wraps a statement into the status convention.
#define PL_RETURN_STATUS(stmt) \
  PL_TRY stmt; return 0; PL_CATCH(-1)
