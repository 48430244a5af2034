// Elementwise maths, comparisons, reductions and matrix products.
// Op codes match the C# enums UnaryOp, BinaryOp and ReduceOp.
#include "pl_common.h"

namespace {

enum class Unary : int32_t {
  Neg, Abs, Sign, Exp, Log, Log1p, Sqrt, Rsqrt, Sigmoid, Tanh, Relu, Silu, Gelu, GeluTanh, Erf, Sin, Cos,
  Floor, Ceil, Round, LogicalNot, Square, Reciprocal, Expm1, IsNan, IsFinite, Trunc, Log2
};

enum class Binary : int32_t {
  Add, Sub, Mul, Div, Pow, Maximum, Minimum, Eq, Ne, Lt, Le, Gt, Ge, LogicalAnd, LogicalOr, LogicalXor,
  Remainder, FloorDivide, Atan2
};

enum class Reduce : int32_t { Sum, Mean, Prod, Amax, Amin, All, Any, LogSumExp };

at::Tensor unary(const at::Tensor& a, Unary op) {
  switch (op) {
    case Unary::Neg: return at::neg(a);
    case Unary::Abs: return at::abs(a);
    case Unary::Sign: return at::sign(a);
    case Unary::Exp: return at::exp(a);
    case Unary::Log: return at::log(a);
    case Unary::Log1p: return at::log1p(a);
    case Unary::Sqrt: return at::sqrt(a);
    case Unary::Rsqrt: return at::rsqrt(a);
    case Unary::Sigmoid: return at::sigmoid(a);
    case Unary::Tanh: return at::tanh(a);
    case Unary::Relu: return at::relu(a);
    case Unary::Silu: return at::silu(a);
    case Unary::Gelu: return at::gelu(a);
    case Unary::GeluTanh: return at::gelu(a, "tanh");
    case Unary::Erf: return at::erf(a);
    case Unary::Sin: return at::sin(a);
    case Unary::Cos: return at::cos(a);
    case Unary::Floor: return at::floor(a);
    case Unary::Ceil: return at::ceil(a);
    case Unary::Round: return at::round(a);
    case Unary::LogicalNot: return at::logical_not(a);
    case Unary::Square: return at::square(a);
    case Unary::Reciprocal: return at::reciprocal(a);
    case Unary::Expm1: return at::expm1(a);
    case Unary::IsNan: return at::isnan(a);
    case Unary::IsFinite: return at::isfinite(a);
    case Unary::Trunc: return at::trunc(a);
    case Unary::Log2: return at::log2(a);
  }
  TORCH_CHECK(false, "unknown unary op ", static_cast<int32_t>(op));
}

void unary_(at::Tensor& a, Unary op) {
  switch (op) {
    case Unary::Neg: a.neg_(); return;
    case Unary::Abs: a.abs_(); return;
    case Unary::Exp: a.exp_(); return;
    case Unary::Log: a.log_(); return;
    case Unary::Sqrt: a.sqrt_(); return;
    case Unary::Sigmoid: a.sigmoid_(); return;
    case Unary::Tanh: a.tanh_(); return;
    case Unary::Relu: a.relu_(); return;
    case Unary::Floor: a.floor_(); return;
    case Unary::Round: a.round_(); return;
    case Unary::Reciprocal: a.reciprocal_(); return;
    default: a.copy_(unary(a, op)); return;
  }
}

at::Tensor binary(const at::Tensor& a, const at::Tensor& b, Binary op) {
  switch (op) {
    case Binary::Add: return at::add(a, b);
    case Binary::Sub: return at::sub(a, b);
    case Binary::Mul: return at::mul(a, b);
    case Binary::Div: return at::div(a, b);
    case Binary::Pow: return at::pow(a, b);
    case Binary::Maximum: return at::maximum(a, b);
    case Binary::Minimum: return at::minimum(a, b);
    case Binary::Eq: return at::eq(a, b);
    case Binary::Ne: return at::ne(a, b);
    case Binary::Lt: return at::lt(a, b);
    case Binary::Le: return at::le(a, b);
    case Binary::Gt: return at::gt(a, b);
    case Binary::Ge: return at::ge(a, b);
    case Binary::LogicalAnd: return at::logical_and(a, b);
    case Binary::LogicalOr: return at::logical_or(a, b);
    case Binary::LogicalXor: return at::logical_xor(a, b);
    case Binary::Remainder: return at::remainder(a, b);
    case Binary::FloorDivide: return at::div(a, b, "floor");
    case Binary::Atan2: return at::atan2(a, b);
  }
  TORCH_CHECK(false, "unknown binary op ", static_cast<int32_t>(op));
}

void binary_(at::Tensor& a, const at::Tensor& b, Binary op) {
  switch (op) {
    case Binary::Add: a.add_(b); return;
    case Binary::Sub: a.sub_(b); return;
    case Binary::Mul: a.mul_(b); return;
    case Binary::Div: a.div_(b); return;
    case Binary::Pow: a.pow_(b); return;
    default: a.copy_(binary(a, b, op)); return;
  }
}

at::Tensor reduce(const at::Tensor& a, Reduce op, at::IntArrayRef dims, bool keepdim) {
  switch (op) {
    case Reduce::Sum: return at::sum(a, dims, keepdim);
    case Reduce::Mean: return at::mean(a, dims, keepdim);
    case Reduce::Amax: return at::amax(a, dims, keepdim);
    case Reduce::Amin: return at::amin(a, dims, keepdim);
    case Reduce::LogSumExp: return at::logsumexp(a, dims, keepdim);
    case Reduce::Prod:
    case Reduce::All:
    case Reduce::Any: {
      at::Tensor result = a;
      std::vector<int64_t> sorted(dims.begin(), dims.end());
      for (auto& d : sorted) d = c10::maybe_wrap_dim(d, a.dim());
      std::sort(sorted.rbegin(), sorted.rend());
      for (auto d : sorted) {
        result = op == Reduce::Prod ? at::prod(result, d, keepdim)
               : op == Reduce::All  ? at::all(result, d, keepdim)
                                    : at::any(result, d, keepdim);
      }
      return result;
    }
  }
  TORCH_CHECK(false, "unknown reduction ", static_cast<int32_t>(op));
}

at::Tensor reduce_all(const at::Tensor& a, Reduce op) {
  switch (op) {
    case Reduce::Sum: return at::sum(a);
    case Reduce::Mean: return at::mean(a);
    case Reduce::Prod: return at::prod(a);
    case Reduce::Amax: return at::max(a);
    case Reduce::Amin: return at::min(a);
    case Reduce::All: return at::all(a);
    case Reduce::Any: return at::any(a);
    case Reduce::LogSumExp: return at::logsumexp(a.reshape({-1}), {0}, false);
  }
  TORCH_CHECK(false, "unknown reduction ", static_cast<int32_t>(op));
}

}  // namespace

PL_API TensorHandle pl_unary(TensorHandle a, int32_t op) { PL_RETURN_TENSOR(unary(*a, static_cast<Unary>(op))) }

PL_API int32_t pl_unary_(TensorHandle a, int32_t op) { PL_RETURN_STATUS(unary_(*a, static_cast<Unary>(op))) }

PL_API TensorHandle pl_binary(TensorHandle a, TensorHandle b, int32_t op) {
  PL_RETURN_TENSOR(binary(*a, *b, static_cast<Binary>(op)))
}

// scalar_on_left: computes `s op a` instead of `a op s`.
PL_API TensorHandle pl_binary_scalar(TensorHandle a, PlScalar s, int32_t op, int32_t scalar_on_left) {
  PL_TRY
  auto scalar = pl_wrapped_scalar(s);
  return pl_wrap(scalar_on_left ? binary(scalar, *a, static_cast<Binary>(op)) : binary(*a, scalar, static_cast<Binary>(op)));
  PL_CATCH(nullptr)
}

PL_API int32_t pl_binary_(TensorHandle a, TensorHandle b, int32_t op) {
  PL_RETURN_STATUS(binary_(*a, *b, static_cast<Binary>(op)))
}

PL_API int32_t pl_binary_scalar_(TensorHandle a, PlScalar s, int32_t op) {
  PL_RETURN_STATUS(binary_(*a, pl_wrapped_scalar(s), static_cast<Binary>(op)))
}

// a += alpha * b
PL_API int32_t pl_add_scaled_(TensorHandle a, TensorHandle b, PlScalar alpha) {
  PL_RETURN_STATUS(a->add_(*b, pl_scalar(alpha)))
}

// a + alpha * b
PL_API TensorHandle pl_add_scaled(TensorHandle a, TensorHandle b, PlScalar alpha) {
  PL_RETURN_TENSOR(at::add(*a, *b, pl_scalar(alpha)))
}

// a += value * t1 * t2
PL_API int32_t pl_addcmul_(TensorHandle a, TensorHandle t1, TensorHandle t2, PlScalar value) {
  PL_RETURN_STATUS(a->addcmul_(*t1, *t2, pl_scalar(value)))
}

// a += value * t1 / t2
PL_API int32_t pl_addcdiv_(TensorHandle a, TensorHandle t1, TensorHandle t2, PlScalar value) {
  PL_RETURN_STATUS(a->addcdiv_(*t1, *t2, pl_scalar(value)))
}

// a += weight * (end - a)
PL_API int32_t pl_lerp_(TensorHandle a, TensorHandle end, PlScalar weight) {
  PL_RETURN_STATUS(a->lerp_(*end, pl_scalar(weight)))
}

PL_API int32_t pl_zero_(TensorHandle a) { PL_RETURN_STATUS(a->zero_()) }

PL_API int32_t pl_fill_(TensorHandle a, PlScalar value) { PL_RETURN_STATUS(a->fill_(pl_scalar(value))) }

PL_API int32_t pl_copy_(TensorHandle a, TensorHandle source) { PL_RETURN_STATUS(a->copy_(*source)) }

PL_API TensorHandle pl_clamp(TensorHandle a, PlScalar min, int32_t has_min, PlScalar max, int32_t has_max) {
  PL_TRY
  c10::optional<at::Scalar> lo = has_min ? c10::optional<at::Scalar>(pl_scalar(min)) : c10::nullopt;
  c10::optional<at::Scalar> hi = has_max ? c10::optional<at::Scalar>(pl_scalar(max)) : c10::nullopt;
  return pl_wrap(at::clamp(*a, lo, hi));
  PL_CATCH(nullptr)
}

PL_API int32_t pl_clamp_(TensorHandle a, PlScalar min, int32_t has_min, PlScalar max, int32_t has_max) {
  PL_TRY
  c10::optional<at::Scalar> lo = has_min ? c10::optional<at::Scalar>(pl_scalar(min)) : c10::nullopt;
  c10::optional<at::Scalar> hi = has_max ? c10::optional<at::Scalar>(pl_scalar(max)) : c10::nullopt;
  a->clamp_(lo, hi);
  return 0;
  PL_CATCH(-1)
}

PL_API TensorHandle pl_where(TensorHandle condition, TensorHandle a, TensorHandle b) {
  PL_RETURN_TENSOR(at::where(*condition, *a, *b))
}

// dims == nullptr reduces over every dimension (keepdim is then ignored).
PL_API TensorHandle pl_reduce(TensorHandle a, int32_t op, const int64_t* dims, int32_t ndims, int32_t keepdim) {
  PL_TRY
  auto kind = static_cast<Reduce>(op);
  return pl_wrap(dims == nullptr ? reduce_all(*a, kind) : reduce(*a, kind, pl_dims(dims, ndims), keepdim != 0));
  PL_CATCH(nullptr)
}

// Variance (is_var = 1) or standard deviation with the given correction (1 = unbiased).
PL_API TensorHandle pl_var_std(TensorHandle a, int32_t is_var, const int64_t* dims, int32_t ndims, int64_t correction,
                               int32_t keepdim) {
  PL_TRY
  at::OptionalIntArrayRef d = dims == nullptr ? at::OptionalIntArrayRef() : at::OptionalIntArrayRef(pl_dims(dims, ndims));
  return pl_wrap(is_var ? at::var(*a, d, correction, keepdim != 0) : at::std(*a, d, correction, keepdim != 0));
  PL_CATCH(nullptr)
}

PL_API TensorHandle pl_norm(TensorHandle a, double p, const int64_t* dims, int32_t ndims, int32_t keepdim) {
  PL_TRY
  return pl_wrap(dims == nullptr ? at::norm(*a, p) : at::norm(*a, p, pl_dims(dims, ndims), keepdim != 0));
  PL_CATCH(nullptr)
}

// is_max = 1: max, else min, along `dim`, with the indices.
PL_API int32_t pl_max_min_dim(TensorHandle a, int32_t is_max, int64_t dim, int32_t keepdim, TensorHandle* values,
                              TensorHandle* indices) {
  PL_TRY
  auto result = is_max ? at::max(*a, dim, keepdim != 0) : at::min(*a, dim, keepdim != 0);
  *values = pl_wrap(std::get<0>(result));
  *indices = pl_wrap(std::get<1>(result));
  return 0;
  PL_CATCH(-1)
}

PL_API TensorHandle pl_argmax_argmin(TensorHandle a, int32_t is_max, int64_t dim, int32_t has_dim, int32_t keepdim) {
  PL_TRY
  c10::optional<int64_t> d = has_dim ? c10::optional<int64_t>(dim) : c10::nullopt;
  return pl_wrap(is_max ? at::argmax(*a, d, keepdim != 0) : at::argmin(*a, d, keepdim != 0));
  PL_CATCH(nullptr)
}

PL_API int32_t pl_topk(TensorHandle a, int64_t k, int64_t dim, int32_t largest, TensorHandle* values,
                       TensorHandle* indices) {
  PL_TRY
  auto result = at::topk(*a, k, dim, largest != 0, /*sorted=*/true);
  *values = pl_wrap(std::get<0>(result));
  *indices = pl_wrap(std::get<1>(result));
  return 0;
  PL_CATCH(-1)
}

PL_API int32_t pl_sort(TensorHandle a, int64_t dim, int32_t descending, TensorHandle* values, TensorHandle* indices) {
  PL_TRY
  auto result = at::sort(*a, dim, descending != 0);
  *values = pl_wrap(std::get<0>(result));
  *indices = pl_wrap(std::get<1>(result));
  return 0;
  PL_CATCH(-1)
}

// is_prod = 1: cumulative product, else cumulative sum.
PL_API TensorHandle pl_cumulative(TensorHandle a, int32_t is_prod, int64_t dim) {
  PL_RETURN_TENSOR(is_prod ? at::cumprod(*a, dim) : at::cumsum(*a, dim))
}

PL_API TensorHandle pl_matmul(TensorHandle a, TensorHandle b) { PL_RETURN_TENSOR(at::matmul(*a, *b)) }

PL_API TensorHandle pl_bmm(TensorHandle a, TensorHandle b) { PL_RETURN_TENSOR(at::bmm(*a, *b)) }

PL_API TensorHandle pl_einsum(const char* equation, const TensorHandle* operands, int32_t count) {
  PL_RETURN_TENSOR(at::einsum(equation, pl_tensor_list(operands, count)))
}
