//===- CheckedMath.h - overflow-checked sizes and shapes --------*- C++ -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//
//
// The one place where rt multiplies and adds tensor dimensions, element
// counts and byte sizes. Every such computation on values a model, an engine
// or a tensor file supplies goes through these helpers, which report
// overflow instead of wrapping: a hostile shape whose element count wraps to
// a small number must never size a buffer (docs/Security.md).
//
// Header-only and free of LLVM, so that the runtime (CUDA driver only) and
// the compiler share it.
//
//===----------------------------------------------------------------------===//

#ifndef RT_RUNTIME_CHECKEDMATH_H
#define RT_RUNTIME_CHECKEDMATH_H

#include <cstddef>
#include <cstdint>
#include <optional>

namespace rt {

/// a + b, or nullopt when the sum does not fit in int64.
inline std::optional<int64_t> checkedAdd(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r))
    return std::nullopt;
  return r;
}

/// a - b, or nullopt when the difference does not fit in int64.
inline std::optional<int64_t> checkedSub(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_sub_overflow(a, b, &r))
    return std::nullopt;
  return r;
}

/// a * b, or nullopt when the product does not fit in int64.
inline std::optional<int64_t> checkedMul(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_mul_overflow(a, b, &r))
    return std::nullopt;
  return r;
}

/// a * b for unsigned 64-bit sizes, or nullopt on overflow.
inline std::optional<uint64_t> checkedMulU64(uint64_t a, uint64_t b) {
  uint64_t r;
  if (__builtin_mul_overflow(a, b, &r))
    return std::nullopt;
  return r;
}

/// a + b for unsigned 64-bit sizes, or nullopt on overflow.
inline std::optional<uint64_t> checkedAddU64(uint64_t a, uint64_t b) {
  uint64_t r;
  if (__builtin_add_overflow(a, b, &r))
    return std::nullopt;
  return r;
}

/// The number of elements of a static shape: nullopt when a dimension is
/// negative or the product does not fit in int64. A zero dimension makes
/// the count zero even when the other dimensions' product would overflow
/// (the tensor is empty).
inline std::optional<int64_t> elementCount(const int64_t *dims, size_t rank) {
  int64_t n = 1;
  bool overflow = false;
  for (size_t i = 0; i < rank; ++i) {
    if (dims[i] < 0)
      return std::nullopt;
    if (dims[i] == 0)
      return 0;
    if (!overflow) {
      std::optional<int64_t> m = checkedMul(n, dims[i]);
      overflow = !m;
      n = m.value_or(0);
    }
  }
  if (overflow)
    return std::nullopt;
  return n;
}

/// The bytes of a static shape of `elementBytes`-byte elements, or nullopt
/// when a dimension is negative or the size does not fit in int64.
inline std::optional<int64_t> byteSize(const int64_t *dims, size_t rank,
                                       int64_t elementBytes) {
  std::optional<int64_t> n = elementCount(dims, rank);
  if (!n)
    return std::nullopt;
  return checkedMul(*n, elementBytes);
}

} // namespace rt

#endif // RT_RUNTIME_CHECKEDMATH_H
