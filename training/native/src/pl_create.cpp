// Tensor creation and seeded random generation.
//
// Every random function takes an explicit generator (a CPU generator seeded by
// the caller); values are drawn on the CPU and moved to the requested device,
// so a seed gives the same numbers on every device.
#include "pl_common.h"

#include <ATen/CPUGeneratorImpl.h>

namespace {
at::Device device_of(int32_t device_type, int32_t device_index) {
  return at::Device(static_cast<at::DeviceType>(device_type), static_cast<c10::DeviceIndex>(device_index));
}

at::TensorOptions cpu_options(int32_t dtype) {
  return at::TensorOptions().dtype(static_cast<at::ScalarType>(dtype));
}
}  // namespace

PL_API GeneratorHandle pl_generator_new(int64_t seed) {
  PL_TRY
  auto* generator = new at::Generator(at::make_generator<at::CPUGeneratorImpl>(static_cast<uint64_t>(seed)));
  return generator;
  PL_CATCH(nullptr)
}

PL_API void pl_generator_free(GeneratorHandle g) { delete g; }

PL_API TensorHandle pl_generator_get_state(GeneratorHandle g) { PL_RETURN_TENSOR(g->get_state()) }

PL_API int32_t pl_generator_set_state(GeneratorHandle g, TensorHandle state) { PL_RETURN_STATUS(g->set_state(*state)) }

PL_API TensorHandle pl_zeros(const int64_t* shape, int32_t ndim, int32_t dtype, int32_t dt, int32_t di) {
  PL_RETURN_TENSOR(at::zeros(pl_dims(shape, ndim), pl_options(dtype, dt, di)))
}

PL_API TensorHandle pl_ones(const int64_t* shape, int32_t ndim, int32_t dtype, int32_t dt, int32_t di) {
  PL_RETURN_TENSOR(at::ones(pl_dims(shape, ndim), pl_options(dtype, dt, di)))
}

PL_API TensorHandle pl_empty(const int64_t* shape, int32_t ndim, int32_t dtype, int32_t dt, int32_t di) {
  PL_RETURN_TENSOR(at::empty(pl_dims(shape, ndim), pl_options(dtype, dt, di)))
}

PL_API TensorHandle pl_full(const int64_t* shape, int32_t ndim, PlScalar value, int32_t dtype, int32_t dt, int32_t di) {
  PL_RETURN_TENSOR(at::full(pl_dims(shape, ndim), pl_scalar(value), pl_options(dtype, dt, di)))
}

PL_API TensorHandle pl_arange(PlScalar start, PlScalar end, PlScalar step, int32_t dtype, int32_t dt, int32_t di) {
  PL_RETURN_TENSOR(at::arange(pl_scalar(start), pl_scalar(end), pl_scalar(step), pl_options(dtype, dt, di)))
}

PL_API TensorHandle pl_linspace(double start, double end, int64_t steps, int32_t dtype, int32_t dt, int32_t di) {
  PL_RETURN_TENSOR(at::linspace(start, end, steps, pl_options(dtype, dt, di)))
}

PL_API TensorHandle pl_eye(int64_t n, int32_t dtype, int32_t dt, int32_t di) {
  PL_RETURN_TENSOR(at::eye(n, pl_options(dtype, dt, di)))
}

PL_API TensorHandle pl_randn(const int64_t* shape, int32_t ndim, int32_t dtype, int32_t dt, int32_t di, GeneratorHandle g) {
  PL_RETURN_TENSOR(at::randn(pl_dims(shape, ndim), *g, cpu_options(dtype)).to(device_of(dt, di)))
}

PL_API TensorHandle pl_rand(const int64_t* shape, int32_t ndim, int32_t dtype, int32_t dt, int32_t di, GeneratorHandle g) {
  PL_RETURN_TENSOR(at::rand(pl_dims(shape, ndim), *g, cpu_options(dtype)).to(device_of(dt, di)))
}

PL_API TensorHandle pl_randint(int64_t low, int64_t high, const int64_t* shape, int32_t ndim, int32_t dtype, int32_t dt,
                               int32_t di, GeneratorHandle g) {
  PL_RETURN_TENSOR(at::randint(low, high, pl_dims(shape, ndim), *g, cpu_options(dtype)).to(device_of(dt, di)))
}

PL_API TensorHandle pl_randperm(int64_t n, int32_t dt, int32_t di, GeneratorHandle g) {
  PL_RETURN_TENSOR(at::randperm(n, *g, cpu_options(static_cast<int32_t>(at::kLong))).to(device_of(dt, di)))
}

// Draws 0/1 with the probabilities in `probs` (same shape and dtype).
PL_API TensorHandle pl_bernoulli(TensorHandle probs, GeneratorHandle g) {
  PL_RETURN_TENSOR(at::bernoulli(probs->detach().to(at::kCPU), *g).to(probs->device()))
}

// Draws `samples` category indices per row of `probs` (1-D or 2-D, unnormalized weights).
PL_API TensorHandle pl_multinomial(TensorHandle probs, int64_t samples, int32_t replacement, GeneratorHandle g) {
  PL_RETURN_TENSOR(at::multinomial(probs->detach().to(at::kCPU), samples, replacement != 0, *g).to(probs->device()))
}

PL_API int32_t pl_uniform_(TensorHandle t, double from, double to, GeneratorHandle g) {
  PL_TRY
  at::NoGradGuard no_grad;
  t->copy_(at::empty(t->sizes(), cpu_options(static_cast<int32_t>(t->scalar_type()))).uniform_(from, to, *g));
  return 0;
  PL_CATCH(-1)
}

PL_API int32_t pl_normal_(TensorHandle t, double mean, double std, GeneratorHandle g) {
  PL_TRY
  at::NoGradGuard no_grad;
  t->copy_(at::empty(t->sizes(), cpu_options(static_cast<int32_t>(t->scalar_type()))).normal_(mean, std, *g));
  return 0;
  PL_CATCH(-1)
}
