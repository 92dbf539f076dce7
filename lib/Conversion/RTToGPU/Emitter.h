//===- Emitter.h - the elemental GPU code emitter ---------------*- C++ -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// `emit(v, idx)` returns the scalar of tensor `v` of a fusion group at
// indices `idx`, recursively through the group's ops (the technique of XLA's
// elemental emitter): element-wise ops use the scalar semantics the CPU
// lowering uses (buildScalarElementwise), views remap indices, contractions,
// windows and normalizations loop over their reduced indices. Values are
// memoized per (value, indices) within the scope where they dominate.
// Kernel generators (RTToGPU.cpp, TiledGemm.cpp) build their loops around it.
//
//===----------------------------------------------------------------------===//

#ifndef RT_LIB_CONVERSION_RTTOGPU_EMITTER_H
#define RT_LIB_CONVERSION_RTTOGPU_EMITTER_H

#include "rt/Conversion/Common/ScalarSemantics.h"
#include "rt/Dialect/RT/IR/RTOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include <map>

namespace mlir {
namespace rt {
namespace gpugen {

/// Element type kept in memory (unsigned integers become signless).
Type storageType(Type elt);
/// Element type computed in: 16-bit floats widen to float32.
Type computeType(Type elt);
inline RankedTensorType tensorType(Value v) {
  return cast<RankedTensorType>(v.getType());
}

/// The window of a 2-d rt.conv between static types, per spatial dimension
/// d (0: height, 1: width): input, filter and output extents, strides,
/// dilations and the begin / end padding (explicit, or auto_pad's). Built
/// once per convolution, so that every reader of its input (the implicit
/// GEMM's gathers, its im2col tensor map, the depthwise kernel) shares one
/// description of the window.
struct ConvWindow {
  explicit ConvWindow(ConvOp conv);

  /// How far the window reaches past its first tap: dilation * (k - 1).
  int64_t reach(int d) const { return dilations[d] * (kernel[d] - 1); }
  /// The bounding box of the first filter tap's input pixels, relative to
  /// the input's first and last pixel (an im2col map's corners): from minus
  /// the begin padding to the end padding less the window's reach.
  int64_t lowerCorner(int d) const { return -lo[d]; }
  int64_t upperCorner(int d) const { return hi[d] - reach(d); }
  /// A 1x1 window with unit strides and no padding (a plain GEMM over
  /// the pixels).
  bool isPointwise() const;

  bool channelsLast;
  /// Images, and the input channels each filter reads (per group).
  int64_t batch, channels;
  SmallVector<int64_t, 2> in, kernel, out, strides{1, 1}, dilations{1, 1}, lo,
      hi;
};

/// The elemental emitter of one kernel.
class Emitter {
public:
  Emitter(OpBuilder &b, Location loc, StringRef group)
      : b(b), loc(loc), group(group) {}
  /// The emitter of `fusion`'s kernel whose entry block is `entry`: `b`
  /// builds at the start of `entry`, and the group's body arguments are
  /// bound to the kernel's.
  Emitter(OpBuilder &b, FusionGroupOp fusion, Block &entry)
      : Emitter(b, fusion.getLoc(), fusion.getName()) {
    b.setInsertionPointToStart(&entry);
    bindArguments(fusion.getBodyBlock(), entry);
  }

  /// A shared element builder's result (the CPU lowering's Resize, LRN ...)
  /// whose reads of `src` at given indices go through the emitter:
  /// `build(read)`; failure if a read could not be emitted.
  FailureOr<Value>
  buildReading(Value src, Type type,
               function_ref<Value(function_ref<Value(ArrayRef<Value>)>)> build);

  /// Binds a region argument of the group to a kernel memref argument.
  void bind(Value tensor, Value memref) { memrefs[tensor] = memref; }
  /// Binds each argument of a fusion group's body to the kernel argument at
  /// the same position of `entry` (inputs come first).
  void bindArguments(Block &body, Block &entry) {
    for (unsigned i = 0, n = body.getNumArguments(); i < n; ++i)
      bind(body.getArgument(i), entry.getArgument(i));
  }
  /// The kernel memref bound to `tensor`, or null (a computed value).
  Value memrefOf(Value tensor) const { return memrefs.lookup(tensor); }

  /// Makes `emit(v, any indices)` return `scalar` (a GEMM epilogue's
  /// accumulator standing for the root at the current element).
  void setOverride(Value v, Value scalar) { overrides[v] = scalar; }
  void clearOverride(Value v) { overrides.erase(v); }

  /// Per-row statistics a row kernel computed cooperatively for `op`
  /// (LayerNormalization: mean, 1/stddev; Softmax/LogSoftmax: max, sum of
  /// exponentials); the op's elements then use them instead of looping.
  void setRowStats(Operation *op, SmallVector<Value, 2> stats) {
    rowStats[op] = std::move(stats);
  }

  /// Column vectors (a GEMM epilogue computing 8 consecutive columns of a
  /// row): until endColumnVectors, a kernel-input load at indices whose
  /// innermost one is `base + j` (0 <= j < 8, `base` one of `bases`, each
  /// a multiple of 8 below a multiple-of-8 extent) reads the 8 elements
  /// from `base` with one 16-byte vector load, made once per input and
  /// leading indices while the builder is in `block`, and takes lane j.
  /// A bias or residual operand then costs one load per 8 columns instead
  /// of eight.
  void beginColumnVectors(Block *block, ArrayRef<Value> bases) {
    columnBlock = block;
    columnBases.assign(bases.begin(), bases.end());
    columnVectors.clear();
  }
  void endColumnVectors() {
    columnBlock = nullptr;
    columnBases.clear();
    columnVectors.clear();
  }

  /// Memoized values created from here on live in a new scope (a loop
  /// body or branch); pop it when leaving that region.
  void pushScope() { scopes.emplace_back(); }
  void popScope() { scopes.pop_back(); }

  /// Runs `body(iv, acc...)` in an scf.for over [0, n) carrying `init`.
  FailureOr<SmallVector<Value>>
  loop(int64_t n, ValueRange init,
       function_ref<FailureOr<SmallVector<Value>>(Value, ValueRange)> body);
  /// The same over [start, n) with stride `step` (a thread's share of a
  /// cooperative loop: start = thread id, step = threads).
  FailureOr<SmallVector<Value>>
  loop(Value start, int64_t n, int64_t step, ValueRange init,
       function_ref<FailureOr<SmallVector<Value>>(Value, ValueRange)> body);

  /// `threads` threads walking the items of a rows x cols tile — elements
  /// (width 1) or chunks of `width` consecutive columns — in a loop where
  /// thread `tid` takes item i * threads + tid at step i (consecutive
  /// threads, consecutive items of a row): `body(row, col)`, col the item's
  /// first column. When rows * cols / width is not a multiple of threads,
  /// the last step's body is guarded (only items that exist).
  LogicalResult walkTile(int64_t rows, int64_t cols, int64_t width, Value tid,
                         int64_t threads,
                         function_ref<LogicalResult(Value, Value)> body);

  /// Indices in shape `to` of the element at `idx` in shape `from` with the
  /// same row-major position (a reshape): unit dimensions added or removed
  /// carry the indices over; otherwise through the linear index.
  SmallVector<Value> reshapeIndices(ArrayRef<Value> idx, ArrayRef<int64_t> from,
                                    ArrayRef<int64_t> to);

  /// The scalar (compute type) of tensor `v` at `idx`.
  FailureOr<Value> emit(Value v, ArrayRef<Value> idx);

  /// The scalar of `operand` at result indices `idx` of a result of
  /// `resultShape`, broadcast NumPy-style.
  FailureOr<Value> emitBroadcast(Value operand, ArrayRef<Value> idx,
                                 ArrayRef<int64_t> resultShape);

  /// The input index of window tap `k` at output index `o` along one
  /// spatial dimension, o * stride + k * dilation - padLo, clamped into
  /// [0, size) so that reads stay in bounds; `valid` is and-ed with whether
  /// the unclamped index lies in the input (else the tap reads padding).
  Value windowIndex(Value o, Value k, int64_t stride, int64_t dilation,
                    int64_t padLo, int64_t size, Value &valid);

  /// Batch indices of operand `t` (its dimensions before the last
  /// `matDims`) for result batch indices `batch`, broadcast NumPy-style.
  SmallVector<Value> batchIndices(RankedTensorType t, ArrayRef<Value> batch,
                                  int64_t matDims = 2);

  Value cst(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value zero(Type t) { return lowering::scalarConstant(b, loc, t, 0); }

  /// Row-major indices of linear `i` in `shape`.
  SmallVector<Value> delinearize(Value i, ArrayRef<int64_t> shape) {
    SmallVector<Value> idx(shape.size());
    for (int64_t d = shape.size() - 1; d >= 0; --d) {
      if (d == 0) {
        idx[d] = i;
        break;
      }
      if (shape[d] == 1) {
        idx[d] = cst(0);
        continue;
      }
      idx[d] = arith::RemUIOp::create(b, loc, i, cst(shape[d]));
      i = arith::DivUIOp::create(b, loc, i, cst(shape[d]));
    }
    if (!shape.empty() && shape[0] == 1)
      idx[0] = cst(0);
    return idx;
  }
  Value linearize(ArrayRef<Value> idx, ArrayRef<int64_t> shape) {
    Value r = cst(0);
    for (size_t d = 0; d < shape.size(); ++d) {
      if (shape[d] == 1)
        continue;
      r = arith::AddIOp::create(
          b, loc, arith::MulIOp::create(b, loc, r, cst(shape[d])), idx[d]);
    }
    return r;
  }

  /// Converts `v` (compute type of `from`) for storage as `to`.
  Value toStorage(Value v, Type to) {
    Type s = storageType(to);
    if (v.getType() == s)
      return v;
    if (isa<FloatType>(s) && isa<FloatType>(v.getType()))
      return arith::TruncFOp::create(b, loc, s, v);
    return v;
  }

  LogicalResult fail(Operation *op, const Twine &why) {
    return op->emitError() << "cannot generate GPU code for '" << op->getName()
                           << "' in fusion group '" << group << "': " << why;
  }

private:
  using Key = std::pair<void *, std::vector<void *>>;
  struct Scope {
    std::map<Key, Value> values;
  };
  Key key(Value v, ArrayRef<Value> idx) {
    std::vector<void *> k;
    for (Value i : idx)
      k.push_back(i.getAsOpaquePointer());
    return {v.getAsOpaquePointer(), k};
  }

  /// `v` (a result of `op`) at `idx`: constants, element-wise ops and
  /// views here, the rest by family below.
  FailureOr<Value> emitOp(Operation *op, Value v, ArrayRef<Value> idx);
  FailureOr<Value> emitContractionOrWindow(Operation *op, Value v,
                                           ArrayRef<Value> idx);
  FailureOr<Value> emitDataMovement(Operation *op, Value v,
                                    ArrayRef<Value> idx);
  FailureOr<Value> emitStructuredOp(Operation *op, Value v,
                                    ArrayRef<Value> idx);
  FailureOr<Value> emitSelectionOp(Operation *op, Value v, ArrayRef<Value> idx);
  FailureOr<Value> emitNormalizationOrReduction(Operation *op, Value v,
                                                ArrayRef<Value> idx);
  FailureOr<Value> emitMatMul(Operation *op, Value a, Value bm,
                              ArrayRef<Value> idx, bool transA, bool transB,
                              int64_t resultRank);
  FailureOr<Value> emitConv(ConvOp op, ArrayRef<Value> idx);
  FailureOr<Value> emitConvTranspose(ConvTransposeOp op, ArrayRef<Value> idx);
  FailureOr<Value> emitPool(Operation *op, Value input, ArrayRef<Value> idx,
                            bool isMax);
  FailureOr<Value> emitGlobalPool(Operation *op, Value input,
                                  ArrayRef<Value> idx, bool isMax);
  FailureOr<Value> emitLayerNorm(LayerNormalizationOp op, ArrayRef<Value> idx);
  FailureOr<Value> emitAttention(AttentionOp op, ArrayRef<Value> idx);
  FailureOr<Value> emitConcat(ConcatOp op, ArrayRef<Value> idx, size_t input,
                              int64_t offset);
  FailureOr<Value> emitReduce(Operation *op, ArrayRef<Value> idx);
  FailureOr<Value> emitPad(PadOp op, ArrayRef<Value> idx);
  FailureOr<Value> emitArgReduce(Operation *op, ArrayRef<Value> idx);
  FailureOr<Value> emitSoftmax(Operation *op, ArrayRef<Value> idx);

  Value addF(Value x, Value y) {
    return isa<FloatType>(x.getType())
               ? (Value)arith::AddFOp::create(b, loc, x, y)
               : (Value)arith::AddIOp::create(b, loc, x, y);
  }
  Value mulF(Value x, Value y) {
    return isa<FloatType>(x.getType())
               ? (Value)arith::MulFOp::create(b, loc, x, y)
               : (Value)arith::MulIOp::create(b, loc, x, y);
  }
  /// Index from an integer tensor element of `op`'s indices on `axis`,
  /// negative values wrapped by `dim` and the result clamped into [0, dim)
  /// so that reads stay in bounds whatever the data; with rt.index_check =
  /// "trap", an index outside [-dim, dim) also fails a device assertion
  /// naming the node (lowering::wrapIndex, shared with the CPU lowering).
  Value toIndex(Value v, int64_t dim, Operation *op, int64_t axis) {
    return lowering::wrapIndex(b, loc, v, dim, op, axis);
  }

  /// The lane-j element of a column vector load for a load of `memref` at
  /// `idx`, or null when the load is not one of 8 columns.
  Value loadColumn(Value memref, ArrayRef<Value> idx);

  OpBuilder &b;
  Location loc;
  std::string group;
  Block *columnBlock = nullptr;
  SmallVector<Value> columnBases;
  std::map<std::vector<int64_t>, Value> columnVectors;
  DenseMap<Value, Value> memrefs;
  DenseMap<Value, Value> overrides;
  DenseMap<Operation *, SmallVector<Value, 2>> rowStats;
  SmallVector<Scope> scopes = {Scope()};
};

} // namespace gpugen
} // namespace rt
} // namespace mlir

#endif // RT_LIB_CONVERSION_RTTOGPU_EMITTER_H
