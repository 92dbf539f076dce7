//===- TransformUtilsTest.cpp - helpers of the rt graph passes ------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#include "rt/Dialect/RT/Transforms/Utils.h"

#include "gtest/gtest.h"

#include <cstring>

using namespace mlir;

namespace {

std::vector<char> bytesOf(const std::vector<uint16_t> &v) {
  std::vector<char> b(v.size() * 2);
  std::memcpy(b.data(), v.data(), b.size());
  return b;
}

std::vector<uint16_t> valuesOf(const std::vector<char> &b) {
  std::vector<uint16_t> v(b.size() / 2);
  std::memcpy(v.data(), b.data(), b.size());
  return v;
}

// A [2][3] matrix of 16-bit elements transposed to [3][2].
TEST(TransposeBytes, Matrix) {
  std::vector<uint16_t> in = {0, 1, 2, 10, 11, 12};
  EXPECT_EQ(valuesOf(rt::transposeBytes(bytesOf(in), {2, 3}, {1, 0}, 2)),
            (std::vector<uint16_t>{0, 10, 1, 11, 2, 12}));
}

// A depthwise filter [C = 2][kh = 2][kw = 2][1] stored tap-major
// ([kh][kw][1][C], perm [1, 2, 3, 0]): each tap's channels side by side;
// the inverse permutation [3, 0, 1, 2] gives the original back.
TEST(TransposeBytes, TapMajorFilterAndBack) {
  std::vector<uint16_t> in = {100, 101, 110, 111, 200, 201, 210, 211};
  std::vector<char> tapMajor =
      rt::transposeBytes(bytesOf(in), {2, 2, 2, 1}, {1, 2, 3, 0}, 2);
  EXPECT_EQ(valuesOf(tapMajor),
            (std::vector<uint16_t>{100, 200, 101, 201, 110, 210, 111, 211}));
  EXPECT_EQ(
      valuesOf(rt::transposeBytes(tapMajor, {2, 2, 1, 2}, {3, 0, 1, 2}, 2)),
      in);
}

// The identity permutation copies; 4-byte elements move whole.
TEST(TransposeBytes, IdentityAndWideElements) {
  std::vector<char> in(24);
  for (size_t i = 0; i < in.size(); ++i)
    in[i] = char(i);
  EXPECT_EQ(rt::transposeBytes(in, {2, 3}, {0, 1}, 4), in);
  std::vector<char> t = rt::transposeBytes(in, {2, 3}, {1, 0}, 4);
  // Element (row 0, column 1) of the [3][2] result is input element (1, 0),
  // bytes 12..15.
  EXPECT_EQ(std::vector<char>(t.begin() + 4, t.begin() + 8),
            std::vector<char>(in.begin() + 12, in.begin() + 16));
}

} // namespace
