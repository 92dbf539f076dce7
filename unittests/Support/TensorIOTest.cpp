//===- TensorIOTest.cpp - .npy and TensorProto file tests -----------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#include "rt/Support/TensorIO.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <cstring>

using namespace llvm;
using namespace mlir::rt;

namespace {

class TensorIOTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(sys::fs::createUniqueDirectory("rt-tensorio", dir));
  }
  void TearDown() override { sys::fs::remove_directories(dir); }
  std::string path(StringRef name) {
    SmallString<256> p(dir);
    sys::path::append(p, name);
    return std::string(p);
  }
  void writeRaw(StringRef name, StringRef bytes) {
    std::error_code ec;
    raw_fd_ostream os(path(name), ec);
    ASSERT_FALSE(ec);
    os << bytes;
  }
  SmallString<256> dir;
};

TEST_F(TensorIOTest, NpyRoundTripKeepsDtypeShapeAndBytes) {
  for (DType d : {DType::F32, DType::F16, DType::F64, DType::I8, DType::I64,
                  DType::U8, DType::Bool}) {
    for (std::vector<int64_t> shape :
         {std::vector<int64_t>{}, {5}, {2, 3}, {2, 0, 4}}) {
      HostTensor t;
      t.dtype = d;
      t.shape = shape;
      t.data.resize(t.numElements() * dtypeSize(d));
      for (size_t i = 0; i < t.data.size(); ++i)
        t.data[i] = d == DType::Bool ? i % 2 : (uint8_t)(i * 7 + 1);
      std::string p = path("t.npy");
      ASSERT_FALSE(bool(writeNpy(p, t)));
      Expected<HostTensor> r = readNpy(p);
      ASSERT_TRUE(bool(r)) << toString(r.takeError());
      EXPECT_EQ(r->dtype, d) << dtypeName(d);
      EXPECT_EQ(r->shape, shape);
      EXPECT_EQ(r->data, t.data);
    }
  }
}

TEST_F(TensorIOTest, NpyRejectsMalformedFiles) {
  writeRaw("magic.npy", "not numpy at all");
  Expected<HostTensor> a = readNpy(path("magic.npy"));
  ASSERT_FALSE(bool(a));
  EXPECT_NE(toString(a.takeError()).find("bad magic"), std::string::npos);

  // Header claims 2x3 float32 (24 bytes), data has 4.
  std::string header =
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
  std::string file = "\x93NUMPY";
  file += char(1);
  file += char(0);
  file += char(header.size());
  file += char(0);
  file += header;
  file += "abcd";
  writeRaw("short.npy", file);
  Expected<HostTensor> b = readNpy(path("short.npy"));
  ASSERT_FALSE(bool(b));
  EXPECT_NE(toString(b.takeError()).find("the header says float32[2, 3]"),
            std::string::npos);

  std::string h2 = "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }";
  std::string f2 = "\x93NUMPY";
  f2 += char(1);
  f2 += char(0);
  f2 += char(h2.size());
  f2 += char(0);
  f2 += h2 + std::string(8, '\0');
  writeRaw("complex.npy", f2);
  Expected<HostTensor> c = readNpy(path("complex.npy"));
  ASSERT_FALSE(bool(c));
  EXPECT_NE(toString(c.takeError()).find("unsupported .npy dtype"),
            std::string::npos);

  Expected<HostTensor> m = readNpy(path("missing.npy"));
  ASSERT_FALSE(bool(m));
  EXPECT_NE(toString(m.takeError()).find("cannot read"), std::string::npos);
}

TEST_F(TensorIOTest, TensorProtoRejectsGarbage) {
  // Bytes that parse as a TensorProto with absurd dimensions must be
  // refused before anything is allocated.
  writeRaw("garbage.pb", std::string("\x08\xff\xff\xff\xff\xff\xff\x0f", 8));
  Expected<HostTensor> t = readTensorProto(path("garbage.pb"));
  EXPECT_FALSE(bool(t));
  consumeError(t.takeError());
  Expected<HostTensor> u = readTensorFile(path("x.txt"));
  ASSERT_FALSE(bool(u));
  EXPECT_NE(toString(u.takeError()).find("unknown tensor file type"),
            std::string::npos);
}

TEST(DTypeTest, NamesRoundTrip) {
  for (DType d : {DType::F16, DType::BF16, DType::F32, DType::F64, DType::I8,
                  DType::I16, DType::I32, DType::I64, DType::U8, DType::U16,
                  DType::U32, DType::U64, DType::Bool})
    EXPECT_EQ(parseDType(dtypeName(d)), d);
  EXPECT_FALSE(parseDType("complex64").has_value());
}

} // namespace

// Headers the fuzzer found, parsed from memory: each is an error naming the
// file, never a read out of bounds; a shape whose byte size overflows int64
// is refused instead of wrapping to a size that matches the data.
TEST(TensorIOParseTest, HostileNpyHeaders) {
  auto npy = [](StringRef header, StringRef data = "") {
    std::string s("\x93NUMPY\x01\x00", 8);
    s.push_back(char(header.size() & 0xff));
    s.push_back(char(header.size() >> 8));
    return s + header.str() + data.str();
  };
  auto message = [](Expected<HostTensor> t) {
    if (t)
      return std::string("parsed");
    return toString(t.takeError());
  };
  EXPECT_EQ(message(parseNpy(
                npy("{'descr': '', 'fortran_order': False, 'shape': (2,), }"),
                "a.npy")),
            "a.npy: .npy header has an empty descr");
  EXPECT_EQ(
      message(parseNpy(npy("{'descr': '<f4', 'fortran_order': False, "
                           "'shape': (4294967296, 4294967296, 2), }"),
                       "b.npy")),
      "b.npy: .npy shape float32[4294967296, 4294967296, 2] has more bytes "
      "than fit in int64");
}
