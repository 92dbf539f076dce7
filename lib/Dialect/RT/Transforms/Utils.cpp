//===- Utils.cpp - helpers shared by the rt graph passes ------------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#include "rt/Dialect/RT/Transforms/Utils.h"
#include "rt/Dialect/RT/IR/RTOps.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"

#include <cstring>

using namespace mlir;

std::vector<char> rt::transposeBytes(ArrayRef<char> bytes,
                                     ArrayRef<int64_t> shape,
                                     ArrayRef<int64_t> perm, size_t eltBytes) {
  int64_t rank = shape.size();
  SmallVector<int64_t> inStrides(rank, 1), outShape;
  for (int64_t i = rank - 2; i >= 0; --i)
    inStrides[i] = inStrides[i + 1] * shape[i + 1];
  int64_t n = 1;
  for (int64_t p : perm) {
    outShape.push_back(shape[p]);
    n *= shape[p];
  }
  std::vector<char> out(bytes.size());
  SmallVector<int64_t> idx(rank, 0);
  for (int64_t o = 0; o < n; ++o) {
    int64_t src = 0;
    for (int64_t d = 0; d < rank; ++d)
      src += idx[d] * inStrides[perm[d]];
    memcpy(out.data() + o * eltBytes, bytes.data() + src * eltBytes, eltBytes);
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++idx[d] < outShape[d])
        break;
      idx[d] = 0;
    }
  }
  return out;
}

std::optional<std::vector<char>> rt::getConstantBytes(ElementsAttr attr) {
  auto type = cast<ShapedType>(attr.getType());
  if (!type.getElementType().isIntOrFloat())
    return std::nullopt;
  unsigned bits = type.getElementType().getIntOrFloatBitWidth();
  if (bits % 8)
    return std::nullopt;
  size_t n = type.getNumElements(), eb = bits / 8;
  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    ArrayRef<char> raw = dense.getRawData();
    if (dense.isSplat()) {
      std::vector<char> out;
      out.reserve(n * eb);
      for (size_t i = 0; i < n; ++i)
        out.insert(out.end(), raw.begin(), raw.begin() + eb);
      return out;
    }
    if (raw.size() != n * eb)
      return std::nullopt;
    return std::vector<char>(raw.begin(), raw.end());
  }
  if (auto res = dyn_cast<DenseResourceElementsAttr>(attr)) {
    AsmResourceBlob *blob = res.getRawHandle().getBlob();
    if (!blob || blob->getData().size() != n * eb)
      return std::nullopt;
    return std::vector<char>(blob->getData().begin(), blob->getData().end());
  }
  return std::nullopt;
}

Value rt::createTranspose(OpBuilder &b, Location loc, Value v,
                          ArrayRef<int64_t> perm) {
  auto t = cast<RankedTensorType>(v.getType());
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(t.getDimSize(p));
  return TransposeOp::create(b, loc,
                             RankedTensorType::get(shape, t.getElementType()),
                             v, b.getDenseI64ArrayAttr(perm));
}

Value rt::createTransposeLastTwo(OpBuilder &b, Location loc, Value v) {
  int64_t rank = cast<RankedTensorType>(v.getType()).getRank();
  SmallVector<int64_t> perm;
  for (int64_t i = 0; i < rank; ++i)
    perm.push_back(i);
  std::swap(perm[rank - 1], perm[rank - 2]);
  return createTranspose(b, loc, v, perm);
}

std::optional<double> mlir::rt::getScalarFloatConstant(Value v) {
  DenseElementsAttr attr;
  if (!matchPattern(v, m_Constant(&attr)) || !attr.isSplat() ||
      !isa<FloatType>(attr.getElementType()))
    return std::nullopt;
  if (auto t = dyn_cast<RankedTensorType>(v.getType());
      !t || t.getNumElements() != 1)
    return std::nullopt;
  return attr.getSplatValue<APFloat>().convertToDouble();
}
