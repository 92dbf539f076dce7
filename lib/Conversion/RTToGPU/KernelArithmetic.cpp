//===- KernelArithmetic.cpp - GPU forms of kernel arithmetic --------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#include "KernelArithmetic.h"
#include "rt/Conversion/Common/ScalarSemantics.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Matchers.h"

#include <cmath>

using namespace mlir;
using namespace mlir::rt;

/// math.ipowi (integer Pow) has no NVVM lowering, and
/// convert-math-to-funcs only serves the host module: each becomes
/// exponentiation by squaring in place. A negative exponent gives 1 for a
/// base of 1, -1 or 1 for a base of -1 (odd or even exponent), and 0
/// otherwise, a base of 0 included (the host's outlined ipowi divides by
/// zero there; GPUs have no integer division trap).
void gpugen::expandIntegerPowers(gpu::GPUModuleOp gpuModule) {
  SmallVector<math::IPowIOp> powers;
  gpuModule.walk([&](math::IPowIOp op) { powers.push_back(op); });
  for (math::IPowIOp op : powers) {
    OpBuilder b(op);
    Location loc = op.getLoc();
    Type t = op.getType();
    if (!isa<IntegerType>(t))
      continue;
    auto c = [&](int64_t v) {
      return arith::ConstantOp::create(b, loc, b.getIntegerAttr(t, v))
          .getResult();
    };
    Value base = op.getLhs(), exp = op.getRhs();
    Value negative =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, exp, c(0));
    Value e0 = arith::SelectOp::create(b, loc, negative, c(0), exp);
    auto loop = scf::WhileOp::create(
        b, loc, TypeRange{t, t, t}, ValueRange{c(1), base, e0},
        [&](OpBuilder &bb, Location l, ValueRange args) {
          Value more = arith::CmpIOp::create(bb, l, arith::CmpIPredicate::ne,
                                             args[2], c(0));
          scf::ConditionOp::create(bb, l, more, args);
        },
        [&](OpBuilder &bb, Location l, ValueRange args) {
          Value r = args[0], x = args[1], e = args[2];
          Value odd = arith::CmpIOp::create(
              bb, l, arith::CmpIPredicate::ne,
              arith::AndIOp::create(bb, l, e, c(1)), c(0));
          r = arith::SelectOp::create(bb, l, odd,
                                      arith::MulIOp::create(bb, l, r, x), r);
          scf::YieldOp::create(
              bb, l,
              ValueRange{r, arith::MulIOp::create(bb, l, x, x),
                         arith::ShRUIOp::create(bb, l, e, c(1))});
        });
    // Negative exponents: 1 for base 1, (-1)^p for base -1, else 0.
    Value oddExp =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne,
                              arith::AndIOp::create(b, loc, exp, c(1)), c(0));
    Value minusOne = arith::SelectOp::create(b, loc, oddExp, c(-1), c(1));
    Value neg = arith::SelectOp::create(
        b, loc,
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, base, c(1)),
        c(1),
        arith::SelectOp::create(b, loc,
                                arith::CmpIOp::create(b, loc,
                                                      arith::CmpIPredicate::eq,
                                                      base, c(-1)),
                                minusOne, c(0)));
    op.replaceAllUsesWith(
        arith::SelectOp::create(b, loc, negative, neg, loop.getResult(0))
            .getResult());
    op.erase();
  }
}

/// The floating-point freedoms CUDA C++ takes by default (nvcc
/// --fmad=true), given to every kernel: float additions, subtractions and
/// multiplications may contract into fused multiply-adds (without the
/// `contract` flag, the NVPTX backend prints them `.rn`, which keeps
/// ptxas from fusing too), and a division by a constant is a
/// multiplication by its reciprocal when that reciprocal is a normal
/// float (within 1.5 ulp of the quotient instead of 0.5; IEEE division
/// is a ~10-instruction sequence: GELU's x / sqrt(2) in a GEMM epilogue
/// cost as much as its erf).
///
/// Not in arithmetic that decides which element is read (the backward
/// slice of a float-to-integer conversion or a rounding to an integer
/// value): Resize's nearest coordinate (x + 0.5) / 3.5 - 0.5 must land
/// exactly on 0.5 where the CPU reference does, and
/// (x + 0.5) * (1 / 3.5) - 0.5 lands 4e-8 above it.
void gpugen::relaxFloatArithmetic(gpu::GPUModuleOp gpuModule) {
  DenseSet<Operation *> exact;
  SmallVector<Value> worklist;
  gpuModule.walk([&](Operation *op) {
    if (isa<arith::FPToSIOp, arith::FPToUIOp, math::FloorOp, math::CeilOp,
            math::RoundOp, math::RoundEvenOp, math::TruncOp>(op))
      llvm::append_range(worklist, op->getOperands());
  });
  while (!worklist.empty()) {
    Operation *def = worklist.pop_back_val().getDefiningOp();
    if (!def ||
        !isa<arith::ArithDialect, math::MathDialect>(def->getDialect()) ||
        !exact.insert(def).second)
      continue;
    llvm::append_range(worklist, def->getOperands());
  }
  SmallVector<arith::DivFOp> divisions;
  gpuModule.walk([&](Operation *op) {
    if (exact.contains(op))
      return;
    if (isa<arith::AddFOp, arith::SubFOp, arith::MulFOp>(op)) {
      auto fm = cast<arith::ArithFastMathInterface>(op);
      op->setAttr(fm.getFastMathAttrName(),
                  arith::FastMathFlagsAttr::get(
                      op->getContext(), fm.getFastMathFlagsAttr().getValue() |
                                            arith::FastMathFlags::contract));
    } else if (auto div = dyn_cast<arith::DivFOp>(op)) {
      divisions.push_back(div);
    }
  });
  for (arith::DivFOp div : divisions) {
    // A scalar or a splat vector (the 8-wide elemental kernels).
    Attribute c;
    if (!matchPattern(div.getRhs(), m_Constant(&c)))
      continue;
    auto splat = dyn_cast<SplatElementsAttr>(c);
    auto fc = dyn_cast<FloatAttr>(splat ? splat.getSplatValue<Attribute>() : c);
    if (!fc)
      continue;
    auto ft = cast<FloatType>(fc.getType());
    APFloat r(1.0);
    bool lost = false;
    r.convert(ft.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
    if (r.divide(fc.getValue(), APFloat::rmNearestTiesToEven) &
            ~APFloat::opInexact ||
        !r.isNormal())
      continue;
    OpBuilder b(div);
    TypedAttr rAttr = b.getFloatAttr(ft, r);
    if (splat)
      rAttr = SplatElementsAttr::get(cast<ShapedType>(splat.getType()), rAttr);
    Value rc = arith::ConstantOp::create(b, div.getLoc(), rAttr);
    Value m = arith::MulFOp::create(
        b, div.getLoc(), div.getLhs(), rc,
        arith::FastMathFlagsAttr::get(b.getContext(),
                                      arith::FastMathFlags::contract));
    div.replaceAllUsesWith(m);
    div.erase();
  }
}

/// GELU in float32 the way a GPU evaluates it fastest, to float32 rounding
/// error rather than by another approximation:
///   tanh form: 0.5 x (1 + tanh(y)) = x / (1 + exp(-2y)),
///              y = sqrt(2/pi) (x + 0.044715 x^3): one exp2 and one fast
///              reciprocal (libdevice's tanhf alone is ~20 instructions);
///   erf form:  x Phi(x), Phi(x) = erfc(-x / sqrt(2)) / 2, with erfc(z) for
///              z >= 0 by Numerical Recipes' erfcc (Chebyshev fit, relative
///              error < 1.2e-7): t = 1 / (1 + z/2), erfc(z) = t exp(-z^2 +
///              P(t)), P of degree 9; Phi(x) = 1 - erfc/2 for x >= 0, erfc/2
///              below (no cancellation in the negative tail).
/// Infinities and NaNs give what the decomposed formulas give.
Value gpugen::buildFastGelu(OpBuilder &b, Location loc, Value x,
                            bool tanhForm) {
  Type f32 = b.getF32Type();
  auto c = [&](double v) { return lowering::scalarConstant(b, loc, f32, v); };
  auto contract = arith::FastMathFlagsAttr::get(b.getContext(),
                                                arith::FastMathFlags::contract);
  auto fast = arith::FastMathFlagsAttr::get(b.getContext(),
                                            arith::FastMathFlags::contract |
                                                arith::FastMathFlags::afn |
                                                arith::FastMathFlags::arcp);
  auto mul = [&](Value p, Value q) {
    return arith::MulFOp::create(b, loc, p, q, contract).getResult();
  };
  auto add = [&](Value p, Value q) {
    return arith::AddFOp::create(b, loc, p, q, contract).getResult();
  };
  const double log2e = M_LOG2E;
  if (tanhForm) {
    // exp(-2y) = exp2(x (1 + 0.044715 x^2) * (-2 sqrt(2/pi) log2(e))).
    Value u = add(mul(mul(x, x), c(0.044715)), c(1.0));
    Value e = math::Exp2Op::create(
        b, loc, mul(x, mul(u, c(-2.0 * std::sqrt(2.0 / M_PI) * log2e))));
    return arith::DivFOp::create(b, loc, x, add(c(1.0), e), fast);
  }
  Value z = mul(math::AbsFOp::create(b, loc, x), c(M_SQRT1_2));
  Value t =
      arith::DivFOp::create(b, loc, c(1.0), add(c(1.0), mul(z, c(0.5))), fast);
  static const double coeffs[] = {
      0.17087277,  -0.82215223, 1.48851587, -1.13520398, 0.27886807,
      -0.18628806, 0.09678418,  0.37409196, 1.00002368,  -1.26551223};
  Value p = c(coeffs[0]);
  for (double k : ArrayRef(coeffs).drop_front())
    p = add(mul(p, t), c(k));
  // erfc(z) / 2 = t * exp2((P(t) - z^2) * log2(e) - 1).
  Value arg = add(
      mul(add(p, mul(arith::NegFOp::create(b, loc, z), z)), c(log2e)), c(-1.0));
  Value halfErfc = mul(t, math::Exp2Op::create(b, loc, arg));
  Value phi = arith::SelectOp::create(
      b, loc,
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE, x, c(0.0)),
      arith::SubFOp::create(b, loc, c(1.0), halfErfc, contract), halfErfc);
  return mul(x, phi);
}
