// Views, reshaping, joining, splitting and indexing.
#include "pl_common.h"

namespace {
// Writes up to `capacity` handles of `parts` into `out`; returns how many parts there are.
int32_t write_parts(const std::vector<at::Tensor>& parts, TensorHandle* out, int32_t capacity) {
  TORCH_CHECK(static_cast<int32_t>(parts.size()) <= capacity, "split produced ", parts.size(),
              " parts but room was made for ", capacity);
  for (size_t i = 0; i < parts.size(); ++i) out[i] = pl_wrap(parts[i]);
  return static_cast<int32_t>(parts.size());
}
}  // namespace

PL_API TensorHandle pl_reshape(TensorHandle a, const int64_t* shape, int32_t ndim) {
  PL_RETURN_TENSOR(a->reshape(pl_dims(shape, ndim)))
}

PL_API TensorHandle pl_view(TensorHandle a, const int64_t* shape, int32_t ndim) {
  PL_RETURN_TENSOR(a->view(pl_dims(shape, ndim)))
}

PL_API TensorHandle pl_permute(TensorHandle a, const int64_t* dims, int32_t ndim) {
  PL_RETURN_TENSOR(a->permute(pl_dims(dims, ndim)))
}

PL_API TensorHandle pl_transpose(TensorHandle a, int64_t dim0, int64_t dim1) { PL_RETURN_TENSOR(a->transpose(dim0, dim1)) }

PL_API TensorHandle pl_unsqueeze(TensorHandle a, int64_t dim) { PL_RETURN_TENSOR(a->unsqueeze(dim)) }

PL_API TensorHandle pl_squeeze(TensorHandle a, int64_t dim, int32_t has_dim) {
  PL_RETURN_TENSOR(has_dim ? a->squeeze(dim) : a->squeeze())
}

PL_API TensorHandle pl_flatten(TensorHandle a, int64_t start, int64_t end) { PL_RETURN_TENSOR(a->flatten(start, end)) }

PL_API TensorHandle pl_expand(TensorHandle a, const int64_t* shape, int32_t ndim) {
  PL_RETURN_TENSOR(a->expand(pl_dims(shape, ndim)))
}

PL_API TensorHandle pl_repeat(TensorHandle a, const int64_t* repeats, int32_t ndim) {
  PL_RETURN_TENSOR(a->repeat(pl_dims(repeats, ndim)))
}

PL_API TensorHandle pl_flip(TensorHandle a, const int64_t* dims, int32_t ndim) { PL_RETURN_TENSOR(a->flip(pl_dims(dims, ndim))) }

PL_API TensorHandle pl_slice(TensorHandle a, int64_t dim, int64_t start, int64_t end, int64_t step) {
  PL_RETURN_TENSOR(a->slice(dim, start, end, step))
}

PL_API TensorHandle pl_select(TensorHandle a, int64_t dim, int64_t index) { PL_RETURN_TENSOR(a->select(dim, index)) }

PL_API TensorHandle pl_index_select(TensorHandle a, int64_t dim, TensorHandle index) {
  PL_RETURN_TENSOR(a->index_select(dim, *index))
}

PL_API TensorHandle pl_gather(TensorHandle a, int64_t dim, TensorHandle index) { PL_RETURN_TENSOR(a->gather(dim, *index)) }

// accumulate = 1: scatter_add, else plain scatter.
PL_API TensorHandle pl_scatter(TensorHandle a, int64_t dim, TensorHandle index, TensorHandle source, int32_t accumulate) {
  PL_RETURN_TENSOR(accumulate ? a->scatter_add(dim, *index, *source) : a->scatter(dim, *index, *source))
}

PL_API TensorHandle pl_masked_fill(TensorHandle a, TensorHandle mask, PlScalar value) {
  PL_RETURN_TENSOR(a->masked_fill(*mask, pl_scalar(value)))
}

PL_API int32_t pl_masked_fill_(TensorHandle a, TensorHandle mask, PlScalar value) {
  PL_RETURN_STATUS(a->masked_fill_(*mask, pl_scalar(value)))
}

PL_API TensorHandle pl_one_hot(TensorHandle a, int64_t classes) { PL_RETURN_TENSOR(at::one_hot(*a, classes)) }

PL_API TensorHandle pl_cat(const TensorHandle* tensors, int32_t count, int64_t dim) {
  PL_RETURN_TENSOR(at::cat(pl_tensor_list(tensors, count), dim))
}

PL_API TensorHandle pl_stack(const TensorHandle* tensors, int32_t count, int64_t dim) {
  PL_RETURN_TENSOR(at::stack(pl_tensor_list(tensors, count), dim))
}

PL_API int32_t pl_chunk(TensorHandle a, int64_t chunks, int64_t dim, TensorHandle* out, int32_t capacity) {
  PL_TRY return write_parts(a->chunk(chunks, dim), out, capacity); PL_CATCH(-1)
}

PL_API int32_t pl_split(TensorHandle a, int64_t size, int64_t dim, TensorHandle* out, int32_t capacity) {
  PL_TRY return write_parts(a->split(size, dim), out, capacity); PL_CATCH(-1)
}

// is_upper = 1: triu, else tril.
PL_API TensorHandle pl_triangle(TensorHandle a, int64_t diagonal, int32_t is_upper) {
  PL_RETURN_TENSOR(is_upper ? a->triu(diagonal) : a->tril(diagonal))
}
