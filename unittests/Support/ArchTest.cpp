//===- ArchTest.cpp - GPU architecture names ------------------------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#include "rt/Support/Arch.h"

#include <gtest/gtest.h>

namespace {

TEST(Arch, SmVersionOfKnownNames) {
  EXPECT_EQ(rt::smVersion("sm_80"), 80u);
  EXPECT_EQ(rt::smVersion("sm_89"), 89u);
  EXPECT_EQ(rt::smVersion("sm_90"), 90u);
  // The architecture-specific suffix does not change the version.
  EXPECT_EQ(rt::smVersion("sm_90a"), 90u);
  EXPECT_EQ(rt::smVersion("sm_100a"), 100u);
}

TEST(Arch, SmVersionRejectsOtherNames) {
  EXPECT_EQ(rt::smVersion(""), std::nullopt);
  EXPECT_EQ(rt::smVersion("sm_"), std::nullopt);
  EXPECT_EQ(rt::smVersion("sm_a90"), std::nullopt);
  EXPECT_EQ(rt::smVersion("compute_90"), std::nullopt);
  EXPECT_EQ(rt::smVersion("SM_90"), std::nullopt);
}

} // namespace
