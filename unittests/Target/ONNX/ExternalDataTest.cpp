//===- ExternalDataTest.cpp - external data confinement tests -------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#include "rt/Target/ONNX/ExternalData.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

using namespace llvm;
using namespace mlir::rt;

namespace {

/// A temporary folder with a model folder and a sibling outside it.
class ExternalDataTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(sys::fs::createUniqueDirectory("rt-extdata", root));
    model = root;
    sys::path::append(model, "model");
    outside = root;
    sys::path::append(outside, "outside");
    ASSERT_FALSE(sys::fs::create_directory(model));
    ASSERT_FALSE(sys::fs::create_directory(outside));
    write(model, "w.bin", "0123456789abcdef");
    write(outside, "secret.bin", "secret");
  }
  void TearDown() override { sys::fs::remove_directories(root); }

  static void write(StringRef dir, StringRef name, StringRef data) {
    SmallString<256> p(dir);
    sys::path::append(p, name);
    std::error_code ec;
    raw_fd_ostream os(p, ec);
    ASSERT_FALSE(ec);
    os << data;
  }

  static std::string message(Error e) { return toString(std::move(e)); }

  SmallString<256> root, model, outside;
};

TEST_F(ExternalDataTest, ReadsWholeFileAndSlices) {
  Expected<std::unique_ptr<MemoryBuffer>> all =
      readExternalData(model, "w.bin", 0, std::nullopt);
  ASSERT_TRUE(bool(all)) << message(all.takeError());
  EXPECT_EQ((*all)->getBuffer(), "0123456789abcdef");

  Expected<std::unique_ptr<MemoryBuffer>> part =
      readExternalData(model, "w.bin", 4, 6);
  ASSERT_TRUE(bool(part)) << message(part.takeError());
  EXPECT_EQ((*part)->getBuffer(), "456789");
}

TEST_F(ExternalDataTest, AcceptsSubfolders) {
  SmallString<256> sub(model);
  sys::path::append(sub, "weights");
  ASSERT_FALSE(sys::fs::create_directory(sub));
  write(sub, "a.bin", "xy");
  Expected<std::string> p = resolveExternalDataPath(model, "weights/a.bin");
  ASSERT_TRUE(bool(p)) << message(p.takeError());
  EXPECT_TRUE(StringRef(*p).ends_with("weights/a.bin"));
  // "./" components are harmless.
  EXPECT_TRUE(bool(resolveExternalDataPath(model, "./weights/a.bin")));
}

TEST_F(ExternalDataTest, RejectsAbsolutePaths) {
  SmallString<256> abs(outside);
  sys::path::append(abs, "secret.bin");
  Expected<std::string> p = resolveExternalDataPath(model, abs);
  ASSERT_FALSE(bool(p));
  EXPECT_NE(message(p.takeError()).find("is absolute"), std::string::npos);
  Expected<std::string> w = resolveExternalDataPath(model, "C:\\x.bin");
  ASSERT_FALSE(bool(w));
  EXPECT_NE(message(w.takeError()).find("absolute"), std::string::npos);
}

TEST_F(ExternalDataTest, RejectsParentComponents) {
  for (StringRef loc :
       {"../outside/secret.bin", "a/../../outside/secret.bin", ".."}) {
    Expected<std::string> p = resolveExternalDataPath(model, loc);
    ASSERT_FALSE(bool(p)) << loc.str();
    EXPECT_NE(message(p.takeError()).find("contains '..'"), std::string::npos);
  }
}

TEST_F(ExternalDataTest, RejectsLinksLeavingTheFolder) {
  SmallString<256> target(outside), link(model);
  sys::path::append(target, "secret.bin");
  sys::path::append(link, "link.bin");
  ASSERT_FALSE(sys::fs::create_link(target, link));
  Expected<std::string> p = resolveExternalDataPath(model, "link.bin");
  ASSERT_FALSE(bool(p));
  EXPECT_NE(message(p.takeError()).find("outside the model's folder"),
            std::string::npos);

  // A linked folder leaving the model's folder is refused too.
  SmallString<256> dirLink(model);
  sys::path::append(dirLink, "d");
  ASSERT_FALSE(sys::fs::create_link(outside, dirLink));
  Expected<std::string> q = resolveExternalDataPath(model, "d/secret.bin");
  ASSERT_FALSE(bool(q));
  EXPECT_NE(message(q.takeError()).find("outside the model's folder"),
            std::string::npos);
}

TEST_F(ExternalDataTest, RejectsPrefixSiblings) {
  // "<root>/model2" starts with "<root>/model" but is not inside it.
  SmallString<256> sibling(root);
  sys::path::append(sibling, "model2");
  ASSERT_FALSE(sys::fs::create_directory(sibling));
  write(sibling, "x.bin", "x");
  SmallString<256> link(model);
  sys::path::append(link, "s.bin");
  SmallString<256> target(sibling);
  sys::path::append(target, "x.bin");
  ASSERT_FALSE(sys::fs::create_link(target, link));
  EXPECT_FALSE(bool(resolveExternalDataPath(model, "s.bin")));
  consumeError(resolveExternalDataPath(model, "s.bin").takeError());
}

TEST_F(ExternalDataTest, RejectsMissingEmptyAndNonRegular) {
  Expected<std::string> missing = resolveExternalDataPath(model, "nope.bin");
  ASSERT_FALSE(bool(missing));
  EXPECT_NE(message(missing.takeError()).find("cannot be opened"),
            std::string::npos);
  Expected<std::string> empty = resolveExternalDataPath(model, "");
  ASSERT_FALSE(bool(empty));
  EXPECT_NE(message(empty.takeError()).find("empty"), std::string::npos);
  SmallString<256> dir(model);
  sys::path::append(dir, "sub");
  ASSERT_FALSE(sys::fs::create_directory(dir));
  Expected<std::string> d = resolveExternalDataPath(model, "sub");
  ASSERT_FALSE(bool(d));
  EXPECT_NE(message(d.takeError()).find("not a regular file"),
            std::string::npos);
}

TEST_F(ExternalDataTest, RejectsOutOfRangeSlices) {
  auto check = [&](uint64_t offset, std::optional<uint64_t> length) {
    Expected<std::unique_ptr<MemoryBuffer>> b =
        readExternalData(model, "w.bin", offset, length);
    ASSERT_FALSE(bool(b)) << offset;
    EXPECT_NE(message(b.takeError()).find("w.bin"), std::string::npos);
  };
  check(17, std::nullopt);
  check(10, 7);
  check(0, 17);
  // Offsets near 2^64 must not wrap around.
  check(~uint64_t(0), 1);
  check(1, ~uint64_t(0));
}

} // namespace
