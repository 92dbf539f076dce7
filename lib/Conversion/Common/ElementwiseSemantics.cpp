//===- ElementwiseSemantics.cpp - element-wise scalar forms ---------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// Every element-wise rt op's scalar computation, by op: the CPU lowering
// wraps each in a linalg.generic pattern, the GPU emitter calls it per
// element (buildScalarElementwise).
//
//===----------------------------------------------------------------------===//

#include "rt/Conversion/Common/ScalarSemantics.h"
#include "rt/Dialect/RT/IR/NodeName.h"
#include "rt/Dialect/RT/IR/RTOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Matchers.h"

#include <array>
#include <cmath>
#include <functional>

using namespace mlir;
using namespace mlir::rt;
using namespace mlir::rt::lowering;

namespace {

/// Scalar computation of one element-wise op: `args` are the operands'
/// scalars, `op` gives attributes, `elt` the result element type.
template <typename OpTy>
using ScalarCompute = Value (*)(OpBuilder &, Location, OpTy, ValueRange, Type);

/// Every element-wise op's scalar computation, by op, in definition order.
struct ScalarTable {
  using Erased = std::function<Value(OpBuilder &, Location, Operation *,
                                     ValueRange, Type)>;
  DenseMap<TypeID, Erased> compute;
  SmallVector<StringRef> names;
};

template <typename OpTy> void add(ScalarTable &p, ScalarCompute<OpTy> fn) {
  p.compute[TypeID::get<OpTy>()] = [fn](OpBuilder &b, Location l, Operation *op,
                                        ValueRange a, Type t) {
    return fn(b, l, cast<OpTy>(op), a, t);
  };
  p.names.push_back(OpTy::getOperationName());
}

/// Float-only unary math op.
template <typename RtOp, typename MathOp> void addUnaryMath(ScalarTable &p) {
  add<RtOp>(
      p, +[](OpBuilder &b, Location l, RtOp, ValueRange a, Type) {
        return (Value)MathOp::create(b, l, a[0]);
      });
}

/// The divisor of a total integer division or remainder: `d`, with 0
/// (and, if `isSigned`, -1) replaced by 1, so that the division never
/// traps or overflows. The callers fix up the replaced lanes.
static Value safeDivisor(OpBuilder &b, Location l, Value d, Type t,
                         bool isSigned) {
  Value bad = arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, d,
                                    scalarConstant(b, l, t, 0));
  if (isSigned)
    bad = arith::OrIOp::create(
        b, l, bad,
        arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, d,
                              scalarConstant(b, l, t, -1)));
  return arith::SelectOp::create(b, l, bad, scalarConstant(b, l, t, 1), d);
}

void populateElementwise(ScalarTable &p) {
  addUnaryMath<ExpOp, math::ExpOp>(p);
  addUnaryMath<LogOp, math::LogOp>(p);
  addUnaryMath<SqrtOp, math::SqrtOp>(p);
  addUnaryMath<FloorOp, math::FloorOp>(p);
  addUnaryMath<CeilOp, math::CeilOp>(p);
  addUnaryMath<RoundOp, math::RoundEvenOp>(p);
  addUnaryMath<ErfOp, math::ErfOp>(p);
  addUnaryMath<SinOp, math::SinOp>(p);
  addUnaryMath<CosOp, math::CosOp>(p);
  addUnaryMath<TanOp, math::TanOp>(p);
  addUnaryMath<AsinOp, math::AsinOp>(p);
  addUnaryMath<AcosOp, math::AcosOp>(p);
  addUnaryMath<AtanOp, math::AtanOp>(p);
  addUnaryMath<SinhOp, math::SinhOp>(p);
  addUnaryMath<CoshOp, math::CoshOp>(p);
  addUnaryMath<AsinhOp, math::AsinhOp>(p);
  addUnaryMath<AcoshOp, math::AcoshOp>(p);
  addUnaryMath<AtanhOp, math::AtanhOp>(p);
  addUnaryMath<TanhOp, math::TanhOp>(p);

  add<IdentityOp>(
      p, +[](OpBuilder &, Location, IdentityOp, ValueRange a, Type) {
        return a[0];
      });
  add<AbsOp>(
      p, +[](OpBuilder &b, Location l, AbsOp op, ValueRange a, Type t) {
        if (isF(t))
          return (Value)math::AbsFOp::create(b, l, a[0]);
        if (isUnsigned(op.getType()))
          return a[0];
        return (Value)math::AbsIOp::create(b, l, a[0]);
      });
  add<NegOp>(
      p, +[](OpBuilder &b, Location l, NegOp, ValueRange a, Type t) {
        if (isF(t))
          return (Value)arith::NegFOp::create(b, l, a[0]);
        return (Value)arith::SubIOp::create(b, l, scalarConstant(b, l, t, 0),
                                            a[0]);
      });
  add<SignOp>(
      p, +[](OpBuilder &b, Location l, SignOp op, ValueRange a, Type t) {
        Value zero = scalarConstant(b, l, t, 0),
              one = scalarConstant(b, l, t, 1),
              minus = scalarConstant(b, l, t, -1);
        Value pos, neg;
        if (isF(t)) {
          pos = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT, a[0],
                                      zero);
          neg = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT, a[0],
                                      zero);
        } else {
          bool u = isUnsigned(op.getType());
          pos = arith::CmpIOp::create(
              b, l, u ? arith::CmpIPredicate::ugt : arith::CmpIPredicate::sgt,
              a[0], zero);
          neg = arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, a[0],
                                      zero);
          if (u)
            neg = scalarConstant(b, l, b.getI1Type(), 0);
        }
        Value r = arith::SelectOp::create(b, l, neg, minus, zero);
        Value s = arith::SelectOp::create(b, l, pos, one, r);
        // NaN stays NaN.
        if (isF(t)) {
          Value nan = arith::CmpFOp::create(b, l, arith::CmpFPredicate::UNO,
                                            a[0], a[0]);
          return (Value)arith::SelectOp::create(b, l, nan, a[0], s);
        }
        return s;
      });
  add<NotOp>(
      p, +[](OpBuilder &b, Location l, NotOp, ValueRange a, Type t) {
        return (Value)arith::XOrIOp::create(b, l, a[0],
                                            scalarConstant(b, l, t, 1));
      });
  add<BitwiseNotOp>(
      p, +[](OpBuilder &b, Location l, BitwiseNotOp, ValueRange a, Type t) {
        return (Value)arith::XOrIOp::create(b, l, a[0],
                                            scalarConstant(b, l, t, -1));
      });
  add<ReciprocalOp>(
      p, +[](OpBuilder &b, Location l, ReciprocalOp, ValueRange a, Type t) {
        return (Value)arith::DivFOp::create(b, l, scalarConstant(b, l, t, 1),
                                            a[0]);
      });
  add<SigmoidOp>(
      p, +[](OpBuilder &b, Location l, SigmoidOp, ValueRange a, Type t) {
        Value one = scalarConstant(b, l, t, 1);
        Value e = math::ExpOp::create(b, l, arith::NegFOp::create(b, l, a[0]));
        return (Value)arith::DivFOp::create(
            b, l, one, arith::AddFOp::create(b, l, one, e));
      });
  add<ReluOp>(
      p, +[](OpBuilder &b, Location l, ReluOp op, ValueRange a, Type t) {
        Value zero = scalarConstant(b, l, t, 0);
        if (isF(t))
          return (Value)arith::MaximumFOp::create(b, l, a[0], zero);
        if (isUnsigned(op.getType()))
          return a[0];
        return (Value)arith::MaxSIOp::create(b, l, a[0], zero);
      });
  add<SoftplusOp>(
      p, +[](OpBuilder &b, Location l, SoftplusOp, ValueRange a, Type t) {
        return (Value)math::Log1pOp::create(b, l,
                                            math::ExpOp::create(b, l, a[0]));
      });
  add<SoftsignOp>(
      p, +[](OpBuilder &b, Location l, SoftsignOp, ValueRange a, Type t) {
        Value d = arith::AddFOp::create(b, l, scalarConstant(b, l, t, 1),
                                        math::AbsFOp::create(b, l, a[0]));
        return (Value)arith::DivFOp::create(b, l, a[0], d);
      });
  add<MishOp>(
      p, +[](OpBuilder &b, Location l, MishOp, ValueRange a, Type t) {
        Value sp = math::Log1pOp::create(b, l, math::ExpOp::create(b, l, a[0]));
        return (Value)arith::MulFOp::create(b, l, a[0],
                                            math::TanhOp::create(b, l, sp));
      });
  add<HardSwishOp>(
      p, +[](OpBuilder &b, Location l, HardSwishOp, ValueRange a, Type t) {
        Value v = arith::AddFOp::create(
            b, l,
            arith::MulFOp::create(b, l, a[0], scalarConstant(b, l, t, 1.0 / 6)),
            scalarConstant(b, l, t, 0.5));
        v = arith::MaximumFOp::create(b, l, v, scalarConstant(b, l, t, 0));
        v = arith::MinimumFOp::create(b, l, v, scalarConstant(b, l, t, 1));
        return (Value)arith::MulFOp::create(b, l, a[0], v);
      });
  add<HardSigmoidOp>(
      p, +[](OpBuilder &b, Location l, HardSigmoidOp op, ValueRange a, Type t) {
        Value v = arith::AddFOp::create(
            b, l,
            arith::MulFOp::create(
                b, l, a[0],
                scalarConstant(b, l, t, op.getAlpha().convertToDouble())),
            scalarConstant(b, l, t, op.getBeta().convertToDouble()));
        v = arith::MaximumFOp::create(b, l, v, scalarConstant(b, l, t, 0));
        return (Value)arith::MinimumFOp::create(b, l, v,
                                                scalarConstant(b, l, t, 1));
      });
  add<LeakyReluOp>(
      p, +[](OpBuilder &b, Location l, LeakyReluOp op, ValueRange a, Type t) {
        Value zero = scalarConstant(b, l, t, 0);
        Value neg =
            arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT, a[0], zero);
        Value s = arith::MulFOp::create(
            b, l, a[0],
            scalarConstant(b, l, t, op.getAlpha().convertToDouble()));
        return (Value)arith::SelectOp::create(b, l, neg, s, a[0]);
      });
  add<EluOp>(
      p, +[](OpBuilder &b, Location l, EluOp op, ValueRange a, Type t) {
        Value zero = scalarConstant(b, l, t, 0);
        Value neg =
            arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT, a[0], zero);
        Value e = math::ExpM1Op::create(b, l, a[0]);
        Value s = arith::MulFOp::create(
            b, l, e, scalarConstant(b, l, t, op.getAlpha().convertToDouble()));
        return (Value)arith::SelectOp::create(b, l, neg, s, a[0]);
      });
  add<CeluOp>(
      p, +[](OpBuilder &b, Location l, CeluOp op, ValueRange a, Type t) {
        double alpha = op.getAlpha().convertToDouble();
        Value zero = scalarConstant(b, l, t, 0);
        Value al = scalarConstant(b, l, t, alpha);
        Value e =
            math::ExpM1Op::create(b, l, arith::DivFOp::create(b, l, a[0], al));
        Value neg = arith::MinimumFOp::create(
            b, l, zero, arith::MulFOp::create(b, l, al, e));
        return (Value)arith::AddFOp::create(
            b, l, arith::MaximumFOp::create(b, l, zero, a[0]), neg);
      });
  add<SeluOp>(
      p, +[](OpBuilder &b, Location l, SeluOp op, ValueRange a, Type t) {
        Value zero = scalarConstant(b, l, t, 0);
        Value le =
            arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLE, a[0], zero);
        Value e = arith::MulFOp::create(
            b, l, math::ExpM1Op::create(b, l, a[0]),
            scalarConstant(b, l, t, op.getAlpha().convertToDouble()));
        Value v = arith::SelectOp::create(b, l, le, e, a[0]);
        return (Value)arith::MulFOp::create(
            b, l, v, scalarConstant(b, l, t, op.getGamma().convertToDouble()));
      });
  add<ThresholdedReluOp>(
      p, +[](OpBuilder &b, Location l, ThresholdedReluOp op, ValueRange a,
             Type t) {
        Value gt = arith::CmpFOp::create(
            b, l, arith::CmpFPredicate::OGT, a[0],
            scalarConstant(b, l, t, op.getAlpha().convertToDouble()));
        return (Value)arith::SelectOp::create(b, l, gt, a[0],
                                              scalarConstant(b, l, t, 0));
      });
  add<ShrinkOp>(
      p, +[](OpBuilder &b, Location l, ShrinkOp op, ValueRange a, Type t) {
        double lambd = op.getLambd().convertToDouble(),
               bias = op.getBias().convertToDouble();
        Value x = a[0];
        Value zero = scalarConstant(b, l, t, 0);
        if (!isF(t)) {
          // Integer Shrink: compare and compute in double precision semantics.
          Value lo = scalarConstant(b, l, t, -lambd),
                hi = scalarConstant(b, l, t, lambd);
          Value ltv =
              arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, x, lo);
          Value gtv =
              arith::CmpIOp::create(b, l, arith::CmpIPredicate::sgt, x, hi);
          Value bv = scalarConstant(b, l, t, bias);
          Value r = arith::SelectOp::create(
              b, l, gtv, arith::SubIOp::create(b, l, x, bv), zero);
          return (Value)arith::SelectOp::create(
              b, l, ltv, arith::AddIOp::create(b, l, x, bv), r);
        }
        Value ltv = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT, x,
                                          scalarConstant(b, l, t, -lambd));
        Value gtv = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT, x,
                                          scalarConstant(b, l, t, lambd));
        Value bv = scalarConstant(b, l, t, bias);
        Value r = arith::SelectOp::create(
            b, l, gtv, arith::SubFOp::create(b, l, x, bv), zero);
        return (Value)arith::SelectOp::create(
            b, l, ltv, arith::AddFOp::create(b, l, x, bv), r);
      });
  add<GeluOp>(
      p, +[](OpBuilder &b, Location l, GeluOp op, ValueRange a, Type t) {
        Value x = a[0];
        Value half = scalarConstant(b, l, t, 0.5),
              one = scalarConstant(b, l, t, 1);
        Value inner;
        if (op.getApproximate() == "tanh") {
          Value x3 =
              arith::MulFOp::create(b, l, x, arith::MulFOp::create(b, l, x, x));
          Value s = arith::AddFOp::create(
              b, l, x,
              arith::MulFOp::create(b, l, x3,
                                    scalarConstant(b, l, t, 0.044715)));
          inner = math::TanhOp::create(
              b, l,
              arith::MulFOp::create(
                  b, l, s, scalarConstant(b, l, t, std::sqrt(2.0 / M_PI))));
        } else {
          inner = math::ErfOp::create(
              b, l,
              arith::MulFOp::create(b, l, x,
                                    scalarConstant(b, l, t, M_SQRT1_2)));
        }
        return (Value)arith::MulFOp::create(
            b, l, arith::MulFOp::create(b, l, half, x),
            arith::AddFOp::create(b, l, one, inner));
      });
  add<IsNaNOp>(
      p, +[](OpBuilder &b, Location l, IsNaNOp, ValueRange a, Type) {
        return (Value)arith::CmpFOp::create(b, l, arith::CmpFPredicate::UNO,
                                            a[0], a[0]);
      });
  add<IsInfOp>(
      p, +[](OpBuilder &b, Location l, IsInfOp op, ValueRange a, Type) {
        Type t = a[0].getType();
        Value pinf = maxValue(b, l, t), ninf = minValue(b, l, t);
        Value isP =
            arith::CmpFOp::create(b, l, arith::CmpFPredicate::OEQ, a[0], pinf);
        Value isN =
            arith::CmpFOp::create(b, l, arith::CmpFPredicate::OEQ, a[0], ninf);
        Value f = scalarConstant(b, l, b.getI1Type(), 0);
        Value r = op.getDetectPositive() ? isP : f;
        if (op.getDetectNegative())
          r = arith::OrIOp::create(b, l, r, isN);
        return r;
      });
  add<CastOp>(
      p, +[](OpBuilder &b, Location l, CastOp op, ValueRange a, Type t) {
        return castScalar(b, l, a[0], signlessType(t),
                          isUnsigned(op.getInput().getType()),
                          isUnsigned(op.getType()));
      });

  // Binary arithmetic.
  add<AddOp>(
      p, +[](OpBuilder &b, Location l, AddOp, ValueRange a, Type t) {
        return isF(t) ? (Value)arith::AddFOp::create(b, l, a[0], a[1])
                      : (Value)arith::AddIOp::create(b, l, a[0], a[1]);
      });
  add<SubOp>(
      p, +[](OpBuilder &b, Location l, SubOp, ValueRange a, Type t) {
        return isF(t) ? (Value)arith::SubFOp::create(b, l, a[0], a[1])
                      : (Value)arith::SubIOp::create(b, l, a[0], a[1]);
      });
  add<MulOp>(
      p, +[](OpBuilder &b, Location l, MulOp, ValueRange a, Type t) {
        return isF(t) ? (Value)arith::MulFOp::create(b, l, a[0], a[1])
                      : (Value)arith::MulIOp::create(b, l, a[0], a[1]);
      });
  // Integer division and remainder are total (rt.div, rt.mod): a zero
  // divisor, and -1 under INT_MIN, are replaced by 1 before dividing (x / 1
  // and x % 1 = 0 give the defined results: INT_MIN / -1 = INT_MIN wraps,
  // INT_MIN % -1 = 0), then quotients by zero select 0. Neither the CPU
  // (SIGFPE) nor LLVM (poison) ever sees the undefined cases.
  add<DivOp>(
      p, +[](OpBuilder &b, Location l, DivOp op, ValueRange a, Type t) {
        if (isF(t))
          return (Value)arith::DivFOp::create(b, l, a[0], a[1]);
        bool isU = isUnsigned(op.getType());
        Value zero = scalarConstant(b, l, t, 0);
        Value isZero =
            arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, a[1], zero);
        Value d = safeDivisor(b, l, a[1], t, !isU);
        Value q;
        if (isU) {
          q = arith::DivUIOp::create(b, l, a[0], d);
        } else {
          // x / -1 is the wrapping negation (INT_MIN / -1 = INT_MIN).
          Value isNegOne =
              arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, a[1],
                                    scalarConstant(b, l, t, -1));
          q = arith::SelectOp::create(b, l, isNegOne,
                                      arith::SubIOp::create(b, l, zero, a[0]),
                                      arith::DivSIOp::create(b, l, a[0], d));
        }
        return (Value)arith::SelectOp::create(b, l, isZero, zero, q);
      });
  add<ModOp>(
      p, +[](OpBuilder &b, Location l, ModOp op, ValueRange a, Type t) {
        if (isF(t))
          return (Value)arith::RemFOp::create(b, l, a[0], a[1]);
        if (isUnsigned(op.getType()))
          return (Value)arith::RemUIOp::create(
              b, l, a[0], safeDivisor(b, l, a[1], t, false));
        Value r = arith::RemSIOp::create(b, l, a[0],
                                         safeDivisor(b, l, a[1], t, true));
        if (op.getFmod())
          return r;
        // Python semantics: the result takes the divisor's sign.
        Value zero = scalarConstant(b, l, t, 0);
        Value rNeg =
            arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, r, zero);
        Value dNeg =
            arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, a[1], zero);
        Value nz =
            arith::CmpIOp::create(b, l, arith::CmpIPredicate::ne, r, zero);
        Value fix = arith::AndIOp::create(
            b, l, nz, arith::XOrIOp::create(b, l, rNeg, dNeg));
        return (Value)arith::SelectOp::create(
            b, l, fix, arith::AddIOp::create(b, l, r, a[1]), r);
      });
  add<PowOp>(
      p, +[](OpBuilder &b, Location l, PowOp op, ValueRange a, Type t) {
        Type et = a[1].getType();
        if (isF(t)) {
          // Small integer exponents (GPT-2's tanh-GELU cubes its input) as
          // multiplications: exact where powf is a libdevice call.
          APFloat c(0.0);
          if (isF(et) && matchPattern(a[1], m_ConstantFloat(&c))) {
            double x = c.convertToDouble();
            if (x == 1.0 || x == 2.0 || x == 3.0 || x == 4.0) {
              Value r = a[0];
              for (int i = 1; i < int(x); ++i)
                r = arith::MulFOp::create(b, l, r, a[0]);
              return r;
            }
          }
          Value e = isF(et) ? castScalar(b, l, a[1], t, false, false)
                            : castScalar(b, l, a[1], t,
                                         isUnsigned(op.getExponent().getType()),
                                         false);
          return (Value)math::PowFOp::create(b, l, a[0], e);
        }
        Value e = castScalar(b, l, a[1], t, false, false);
        if (isF(et))
          e = castScalar(b, l, a[1], t, false, isUnsigned(op.getType()));
        return (Value)math::IPowIOp::create(b, l, a[0], e);
      });
  add<BitwiseAndOp>(
      p, +[](OpBuilder &b, Location l, BitwiseAndOp, ValueRange a, Type) {
        return (Value)arith::AndIOp::create(b, l, a[0], a[1]);
      });
  add<BitwiseOrOp>(
      p, +[](OpBuilder &b, Location l, BitwiseOrOp, ValueRange a, Type) {
        return (Value)arith::OrIOp::create(b, l, a[0], a[1]);
      });
  add<BitwiseXorOp>(
      p, +[](OpBuilder &b, Location l, BitwiseXorOp, ValueRange a, Type) {
        return (Value)arith::XOrIOp::create(b, l, a[0], a[1]);
      });
  add<BitShiftOp>(
      p, +[](OpBuilder &b, Location l, BitShiftOp op, ValueRange a, Type) {
        if (op.getDirection() == "LEFT")
          return (Value)arith::ShLIOp::create(b, l, a[0], a[1]);
        return (Value)arith::ShRUIOp::create(b, l, a[0], a[1]);
      });
  add<PReluOp>(
      p, +[](OpBuilder &b, Location l, PReluOp op, ValueRange a, Type t) {
        Value zero = scalarConstant(b, l, t, 0);
        Value neg = isF(t) ? (Value)arith::CmpFOp::create(
                                 b, l, arith::CmpFPredicate::OLT, a[0], zero)
                           : (Value)arith::CmpIOp::create(
                                 b, l, arith::CmpIPredicate::slt, a[0], zero);
        Value s = isF(t) ? (Value)arith::MulFOp::create(b, l, a[0], a[1])
                         : (Value)arith::MulIOp::create(b, l, a[0], a[1]);
        return (Value)arith::SelectOp::create(b, l, neg, s, a[0]);
      });

  // Comparisons and logic.
#define RT_COMPARE(OP, FPRED, SPRED, UPRED)                                    \
  add<OP>(                                                                     \
      p, +[](OpBuilder &b, Location l, OP op, ValueRange a, Type) {            \
        Type t = a[0].getType();                                               \
        if (isF(t))                                                            \
          return (Value)arith::CmpFOp::create(                                 \
              b, l, arith::CmpFPredicate::FPRED, a[0], a[1]);                  \
        return (Value)arith::CmpIOp::create(                                   \
            b, l,                                                              \
            isUnsigned(op.getLhs().getType()) || t.isInteger(1)                \
                ? arith::CmpIPredicate::UPRED                                  \
                : arith::CmpIPredicate::SPRED,                                 \
            a[0], a[1]);                                                       \
      });
  RT_COMPARE(EqualOp, OEQ, eq, eq)
  RT_COMPARE(LessOp, OLT, slt, ult)
  RT_COMPARE(LessOrEqualOp, OLE, sle, ule)
  RT_COMPARE(GreaterOp, OGT, sgt, ugt)
  RT_COMPARE(GreaterOrEqualOp, OGE, sge, uge)
#undef RT_COMPARE
  add<AndOp>(
      p, +[](OpBuilder &b, Location l, AndOp, ValueRange a, Type) {
        return (Value)arith::AndIOp::create(b, l, a[0], a[1]);
      });
  add<OrOp>(
      p, +[](OpBuilder &b, Location l, OrOp, ValueRange a, Type) {
        return (Value)arith::OrIOp::create(b, l, a[0], a[1]);
      });
  add<XorOp>(
      p, +[](OpBuilder &b, Location l, XorOp, ValueRange a, Type) {
        return (Value)arith::XOrIOp::create(b, l, a[0], a[1]);
      });
  add<WhereOp>(
      p, +[](OpBuilder &b, Location l, WhereOp, ValueRange a, Type) {
        return (Value)arith::SelectOp::create(b, l, a[0], a[1], a[2]);
      });

  // N-ary.
  add<MaxOp>(
      p, +[](OpBuilder &b, Location l, MaxOp op, ValueRange a, Type t) {
        Value r = a[0];
        for (Value v : a.drop_front())
          r = isF(t) ? (Value)arith::MaximumFOp::create(b, l, r, v)
              : isUnsigned(op.getType())
                  ? (Value)arith::MaxUIOp::create(b, l, r, v)
                  : (Value)arith::MaxSIOp::create(b, l, r, v);
        return r;
      });
  add<MinOp>(
      p, +[](OpBuilder &b, Location l, MinOp op, ValueRange a, Type t) {
        Value r = a[0];
        for (Value v : a.drop_front())
          r = isF(t) ? (Value)arith::MinimumFOp::create(b, l, r, v)
              : isUnsigned(op.getType())
                  ? (Value)arith::MinUIOp::create(b, l, r, v)
                  : (Value)arith::MinSIOp::create(b, l, r, v);
        return r;
      });
  add<SumOp>(
      p, +[](OpBuilder &b, Location l, SumOp, ValueRange a, Type t) {
        Value r = a[0];
        for (Value v : a.drop_front())
          r = isF(t) ? (Value)arith::AddFOp::create(b, l, r, v)
                     : (Value)arith::AddIOp::create(b, l, r, v);
        return r;
      });
  add<MeanOp>(
      p, +[](OpBuilder &b, Location l, MeanOp, ValueRange a, Type t) {
        Value r = a[0];
        for (Value v : a.drop_front())
          r = arith::AddFOp::create(b, l, r, v);
        return (Value)arith::DivFOp::create(b, l, r,
                                            scalarConstant(b, l, t, a.size()));
      });
  add<ClipOp>(
      p, +[](OpBuilder &b, Location l, ClipOp op, ValueRange a, Type t) {
        Value r = a[0];
        unsigned i = 1;
        bool u = isUnsigned(op.getType());
        if (op.getMin()) {
          Value lo = a[i++];
          r = isF(t) ? (Value)arith::MaximumFOp::create(b, l, r, lo)
              : u    ? (Value)arith::MaxUIOp::create(b, l, r, lo)
                     : (Value)arith::MaxSIOp::create(b, l, r, lo);
        }
        if (op.getMax()) {
          Value hi = a[i++];
          r = isF(t) ? (Value)arith::MinimumFOp::create(b, l, r, hi)
              : u    ? (Value)arith::MinUIOp::create(b, l, r, hi)
                     : (Value)arith::MinSIOp::create(b, l, r, hi);
        }
        return r;
      });
}

} // namespace

static const ScalarTable &scalarTable() {
  static const ScalarTable table = [] {
    ScalarTable t;
    populateElementwise(t);
    return t;
  }();
  return table;
}

bool mlir::rt::hasScalarElementwise(Operation *op) {
  return scalarTable().compute.count(op->getName().getTypeID());
}

Value mlir::rt::buildScalarElementwise(OpBuilder &b, Location loc,
                                       Operation *op, ValueRange args,
                                       Type elementType) {
  auto it = scalarTable().compute.find(op->getName().getTypeID());
  if (it == scalarTable().compute.end())
    return nullptr;
  return it->second(b, loc, op, args, elementType);
}

ArrayRef<StringRef> mlir::rt::getScalarElementwiseOpNames() {
  return scalarTable().names;
}
