//===- TypeInferenceTest.cpp - rt type compatibility helpers --------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#include "rt/Dialect/RT/IR/RTOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/MLIRContext.h"

#include "gtest/gtest.h"

using namespace mlir;
using namespace mlir::rt;

namespace {

class TypeInferenceTest : public ::testing::Test {
protected:
  TypeInferenceTest() { ctx.loadDialect<RTDialect>(); }
  Type t(ArrayRef<int64_t> shape, Type elt = {}) {
    return RankedTensorType::get(shape, elt ? elt : Float32Type::get(&ctx));
  }
  Type unranked() { return UnrankedTensorType::get(Float32Type::get(&ctx)); }
  MLIRContext ctx;
  static constexpr int64_t D = ShapedType::kDynamic;
};

TEST_F(TypeInferenceTest, CompatibleResultTypes) {
  EXPECT_TRUE(areCompatibleResultTypes(t({2, 3}), t({2, 3})));
  EXPECT_TRUE(areCompatibleResultTypes(t({D, 3}), t({2, 3})));
  EXPECT_TRUE(areCompatibleResultTypes(t({2, 3}), t({D, 3})));
  EXPECT_TRUE(areCompatibleResultTypes(unranked(), t({2, 3})));
  EXPECT_FALSE(areCompatibleResultTypes(t({2, 3}), t({3, 2})));
  EXPECT_FALSE(areCompatibleResultTypes(t({2, 3}), t({2, 3, 1})));
  EXPECT_FALSE(areCompatibleResultTypes(t({2, 3}),
                                        t({2, 3}, IntegerType::get(&ctx, 64))));
  EXPECT_FALSE(
      areCompatibleResultTypes(TypeRange{t({2})}, TypeRange{t({2}), t({2})}));
}

TEST_F(TypeInferenceTest, RefineTypeKeepsTheMostRefined) {
  EXPECT_EQ(refineType(t({D, 3}), t({2, D})), t({2, 3}));
  EXPECT_EQ(refineType(unranked(), t({D, 4})), t({D, 4}));
  EXPECT_EQ(refineType(t({D, 4}), unranked()), t({D, 4}));
  // Incompatible information never changes the declared type.
  EXPECT_EQ(refineType(t({D, 4}), t({D, 4, 1})), t({D, 4}));
  EXPECT_EQ(refineType(t({2}), t({2}, IntegerType::get(&ctx, 64))), t({2}));
}

TEST_F(TypeInferenceTest, BroadcastRules) {
  SmallVector<Type> out;
  ASSERT_TRUE(succeeded(inferBroadcastResultType(
      std::nullopt, {t({2, 1, 4}), t({3, 1})}, {}, out)));
  EXPECT_EQ(out[0], t({2, 3, 4}));
  out.clear();
  // A dynamic dimension against 1 stays dynamic, against n becomes n.
  ASSERT_TRUE(succeeded(
      inferBroadcastResultType(std::nullopt, {t({D, 1}), t({1, 5})}, {}, out)));
  EXPECT_EQ(out[0], t({D, 5}));
  out.clear();
  ASSERT_TRUE(succeeded(
      inferBroadcastResultType(std::nullopt, {t({D}), t({7})}, {}, out)));
  EXPECT_EQ(out[0], t({7}));
  out.clear();
  EXPECT_TRUE(failed(
      inferBroadcastResultType(std::nullopt, {t({2, 3}), t({4})}, {}, out)));
  out.clear();
  EXPECT_TRUE(failed(inferBroadcastResultType(
      std::nullopt, {t({2}), t({2}, IntegerType::get(&ctx, 64))}, {}, out)));
}

} // namespace
