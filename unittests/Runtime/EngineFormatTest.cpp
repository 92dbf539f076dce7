//===- EngineFormatTest.cpp - engine files: round trip and corruption -----===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#include "rt/Runtime/EngineFormat.h"

#include "gtest/gtest.h"

#include <cstring>

using namespace rt::engine;

namespace {

Engine makeEngine() {
  Engine e;
  e.target = "sm_90a";
  e.smVersion = 90;
  e.producer = "rt test";
  e.arenaSize = 4096;
  e.inputs.push_back({"x", DType::F32, {2, 3}});
  e.outputs.push_back({"y", DType::F16, {2, 3}});
  const char ptx[] = ".version 8.0\n.target sm_90a\n";
  e.code.assign(ptx, ptx + sizeof(ptx)); // NUL included
  e.modules.push_back({ModuleFormat::PTX, 0, sizeof(ptx)});
  e.kernels.push_back({"relu", 0});
  Step s;
  s.label = "Relu_0";
  s.detail = "elemental, 256 threads";
  s.kernel = 0;
  s.grid = {4, 1, 1};
  s.block = {256, 1, 1};
  s.args = {{Space::Input, 0, 0, 24},
            {Space::Weights, 0, 256, 16},
            {Space::Arena, 0, 512, 12},
            {Space::Output, 0, 0, 12}};
  e.steps.push_back(s);
  Step c;
  c.kind = StepKind::Copy;
  c.label = "copy";
  c.args = {{Space::Output, 0, 0, 12}, {Space::Arena, 0, 0, 12}};
  e.steps.push_back(c);
  e.weights.assign(512, 7);
  return e;
}

std::vector<uint8_t> image(const Engine &e) {
  std::string error;
  std::vector<uint8_t> bytes = write(e, error);
  EXPECT_EQ(error, "");
  return bytes;
}

/// Rewrites the checksum so that a deliberately edited image passes it:
/// the checks behind the checksum must catch hostile metadata on their own.
void reseal(std::vector<uint8_t> &b) {
  std::memset(b.data() + 24, 0, 8);
  uint64_t h = fnv1a64(b.data(), b.size());
  for (int i = 0; i < 8; ++i)
    b[24 + i] = uint8_t(h >> (8 * i));
}

TEST(EngineFormat, RoundTrip) {
  Engine e = makeEngine();
  std::vector<uint8_t> bytes = image(e);
  ASSERT_FALSE(bytes.empty());
  Engine r;
  std::string error;
  ASSERT_TRUE(read(bytes.data(), bytes.size(), r, error)) << error;
  EXPECT_EQ(r.target, "sm_90a");
  EXPECT_EQ(r.smVersion, 90u);
  EXPECT_EQ(r.producer, "rt test");
  EXPECT_EQ(r.arenaSize, 4096u);
  ASSERT_EQ(r.inputs.size(), 1u);
  EXPECT_EQ(r.inputs[0].name, "x");
  EXPECT_EQ(r.inputs[0].shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(r.outputs[0].dtype, DType::F16);
  EXPECT_EQ(r.outputs[0].bytes(), 12u);
  EXPECT_EQ(r.code, e.code);
  EXPECT_EQ(r.weights, e.weights);
  ASSERT_EQ(r.steps.size(), 2u);
  EXPECT_EQ(r.steps[0].label, "Relu_0");
  EXPECT_EQ(r.steps[0].detail, "elemental, 256 threads");
  EXPECT_EQ(r.steps[1].detail, "");
  EXPECT_EQ(r.steps[0].grid[0], 4u);
  EXPECT_EQ(r.steps[0].block[0], 256u);
  ASSERT_EQ(r.steps[0].args.size(), 4u);
  EXPECT_EQ(r.steps[0].args[1].space, Space::Weights);
  EXPECT_EQ(r.steps[0].args[1].offset, 256u);
  EXPECT_EQ(r.steps[1].kind, StepKind::Copy);
  // Sections are aligned for the driver and for weight uploads.
  auto u64At = [&](size_t at) {
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
      v |= uint64_t(bytes[at + i]) << (8 * i);
    return v;
  };
  EXPECT_EQ(u64At(48) % kAlignment, 0u); // code
  EXPECT_EQ(u64At(64) % kAlignment, 0u); // weights
}

// Version-1 engines (no step details) still load; versions outside the
// supported range are refused when writing too.
TEST(EngineFormat, Version1) {
  Engine e = makeEngine();
  std::string error;
  std::vector<uint8_t> v1 = write(e, error, 1);
  ASSERT_EQ(error, "");
  EXPECT_EQ(v1[8], 1);
  EXPECT_LT(v1.size(), image(e).size() + kAlignment);
  Engine r;
  ASSERT_TRUE(read(v1.data(), v1.size(), r, error)) << error;
  ASSERT_EQ(r.steps.size(), 2u);
  EXPECT_EQ(r.steps[0].label, "Relu_0");
  EXPECT_EQ(r.steps[0].detail, "");
  EXPECT_EQ(r.steps[0].args.size(), 4u);
  EXPECT_TRUE(write(e, error, 5).empty());
  EXPECT_EQ(error, "engine format version 5 cannot be written (versions 1 "
                   "to 4)");
}

/// makeEngine() with a GEMM step whose A operand (a 256 x 128 float16 arena
/// tensor) is passed as a 128-byte-swizzled tensor map of 128 x 64 boxes.
Engine makeTmaEngine() {
  Engine e = makeEngine();
  e.arenaSize = 1 << 20;
  Step s;
  s.label = "MatMul_3";
  s.detail = "wgmma_gemm 128x128x64, 4 stages, TMA";
  s.grid = {2, 2, 1};
  s.block = {288, 1, 1};
  s.args = {{Space::Arena, 0, 4096, 256 * 128 * 2},
            {Space::Arena, 0, 131072, 4096}};
  TensorMap t;
  t.arg = 0;
  t.dtype = DType::F16;
  t.dims = {128, 256};
  t.strides = {256};
  t.box = {64, 128};
  t.swizzle = 3;
  t.l2Promotion = 2;
  s.tensorMaps.push_back(t);
  e.steps.insert(e.steps.begin(), s);
  return e;
}

TEST(EngineFormat, TensorMaps) {
  Engine e = makeTmaEngine();
  std::vector<uint8_t> bytes = image(e);
  ASSERT_FALSE(bytes.empty());
  Engine r;
  std::string error;
  ASSERT_TRUE(read(bytes.data(), bytes.size(), r, error)) << error;
  ASSERT_EQ(r.steps.size(), 3u);
  ASSERT_EQ(r.steps[0].tensorMaps.size(), 1u);
  const TensorMap &t = r.steps[0].tensorMaps[0];
  EXPECT_EQ(t.arg, 0u);
  EXPECT_EQ(t.dtype, DType::F16);
  EXPECT_EQ(t.dims, (std::vector<uint64_t>{128, 256}));
  EXPECT_EQ(t.strides, (std::vector<uint64_t>{256}));
  EXPECT_EQ(t.box, (std::vector<uint32_t>{64, 128}));
  EXPECT_EQ(t.swizzle, 3u);
  EXPECT_EQ(t.l2Promotion, 2u);
  EXPECT_TRUE(r.steps[1].tensorMaps.empty());

  // Older formats cannot hold them: an engine without its tensor maps
  // could not run.
  EXPECT_TRUE(write(e, error, 2).empty());
  EXPECT_EQ(error, "step 'MatMul_3' passes tensor maps, which engine format "
                   "version 2 cannot hold (version 3 or later)");

  // Every truncation of the metadata is still an error.
  for (size_t n = 0; n < bytes.size(); n += 7) {
    Engine x;
    EXPECT_FALSE(read(bytes.data(), n, x, error));
  }
}

TEST(EngineFormat, VerifyCatchesBadTensorMaps) {
  const char *where = "step 0 ('MatMul_3') tensor map over argument ";
  Engine e = makeTmaEngine();
  e.steps[0].tensorMaps[0].arg = 2;
  EXPECT_EQ(verify(e),
            std::string(where) + "2 names a missing argument (the step has 2)");

  e = makeTmaEngine();
  e.steps[0].tensorMaps[0].dims = {128, 257}; // one row past the buffer
  EXPECT_EQ(verify(e),
            std::string(where) + "0 covers 65792 bytes of a 65536-byte buffer");

  // Extents whose byte span overflows 64 bits are refused, not wrapped.
  e = makeTmaEngine();
  e.steps[0].tensorMaps[0].dims = {128, 256, uint64_t(1) << 32,
                                   uint64_t(1) << 32};
  e.steps[0].tensorMaps[0].strides = {256, uint64_t(1) << 39,
                                      uint64_t(1) << 39};
  e.steps[0].tensorMaps[0].box = {64, 128, 1, 1};
  EXPECT_EQ(verify(e), std::string(where) + "0 covers more than 2^64 bytes");

  e = makeTmaEngine();
  e.steps[0].tensorMaps[0].strides = {200};
  EXPECT_EQ(verify(e),
            std::string(where) +
                "0 has a stride of 200 bytes (a non-zero multiple of 16 "
                "below 2^40)");

  // A zero stride used to divide by zero in the span check (SIGFPE).
  e = makeTmaEngine();
  e.steps[0].tensorMaps[0].strides = {0};
  EXPECT_EQ(verify(e),
            std::string(where) +
                "0 has a stride of 0 bytes (a non-zero multiple of 16 "
                "below 2^40)");

  e = makeTmaEngine();
  e.steps[0].tensorMaps[0].box = {128, 128}; // 256-byte rows, 128-byte swizzle
  EXPECT_EQ(verify(e), std::string(where) +
                           "0's box rows are 256 bytes (a multiple of 16, at "
                           "most the swizzle span)");

  e = makeTmaEngine();
  e.steps[0].tensorMaps[0].box = {64, 512};
  EXPECT_EQ(verify(e), std::string(where) +
                           "0 has dimension 1 of 256 with a box of 512 (1 to "
                           "2^32, box 1 to 256)");

  e = makeTmaEngine();
  e.steps[0].tensorMaps[0].strides.clear();
  EXPECT_EQ(verify(e), std::string(where) +
                           "0 has 2 dimensions, 0 strides and 2 box extents "
                           "(1 to 5 dimensions and a box extent each, one "
                           "stride fewer)");

  e = makeTmaEngine();
  e.steps[0].args[0].offset = 4104;
  EXPECT_EQ(verify(e), std::string(where) +
                           "0 starts at offset 4104 (tensor maps need 16-byte "
                           "aligned buffers)");

  e = makeTmaEngine();
  e.steps[0].tensorMaps[0].dtype = DType(99);
  EXPECT_EQ(verify(e), std::string(where) + "0 has unknown element type 99");

  e = makeTmaEngine();
  e.steps[2].tensorMaps = e.steps[0].tensorMaps; // the copy step
  EXPECT_EQ(verify(e), "step 2 ('copy') is not a launch but has tensor maps");
}

/// A 3x3 convolution's step reading its [8][30][30][64] float16 input
/// through an im2col map (engine format 4).
Engine makeIm2colEngine() {
  Engine e = makeTmaEngine();
  Step &s = e.steps[0];
  s.args[0].size = 8 * 30 * 30 * 64 * 2;
  TensorMap &t = s.tensorMaps[0];
  t.mode = TensorMapMode::Im2col;
  t.dims = {64, 30, 30, 8};
  t.strides = {128, 30 * 128, 30 * 30 * 128};
  t.box.clear();
  t.elementStrides = {1, 2, 2, 1};
  t.lowerCorner = {-1, -1};
  t.upperCorner = {-1, -1};
  t.channelsPerPixel = 64;
  t.pixelsPerColumn = 128;
  return e;
}

TEST(EngineFormat, Im2colTensorMaps) {
  Engine e = makeIm2colEngine();
  std::vector<uint8_t> bytes = image(e);
  ASSERT_FALSE(bytes.empty());
  Engine r;
  std::string error;
  ASSERT_TRUE(read(bytes.data(), bytes.size(), r, error)) << error;
  const TensorMap &t = r.steps[0].tensorMaps[0];
  EXPECT_EQ(t.mode, TensorMapMode::Im2col);
  EXPECT_EQ(t.dims, (std::vector<uint64_t>{64, 30, 30, 8}));
  EXPECT_EQ(t.strides, (std::vector<uint64_t>{128, 3840, 115200}));
  EXPECT_TRUE(t.box.empty());
  EXPECT_EQ(t.elementStrides, (std::vector<uint32_t>{1, 2, 2, 1}));
  EXPECT_EQ(t.lowerCorner, (std::vector<int32_t>{-1, -1}));
  EXPECT_EQ(t.upperCorner, (std::vector<int32_t>{-1, -1}));
  EXPECT_EQ(t.channelsPerPixel, 64u);
  EXPECT_EQ(t.pixelsPerColumn, 128u);

  // Tiled maps with unit traversal strides still fit format 3; im2col or
  // strided ones do not.
  EXPECT_FALSE(write(makeTmaEngine(), error, 3).empty()) << error;
  EXPECT_TRUE(write(e, error, 3).empty());
  EXPECT_EQ(error, "step 'MatMul_3' passes im2col or strided tensor maps, "
                   "which engine format version 3 cannot hold (version 4 or "
                   "later)");

  // An unknown mode in the file is an error naming the step.
  Engine u = makeTmaEngine();
  u.steps[0].tensorMaps[0].mode = TensorMapMode(7);
  EXPECT_EQ(verify(u), "step 0 ('MatMul_3') tensor map over argument 0 has "
                       "unknown mode 7");

  for (size_t n = 0; n < bytes.size(); n += 5) {
    Engine x;
    EXPECT_FALSE(read(bytes.data(), n, x, error));
  }
}

TEST(EngineFormat, VerifyCatchesBadIm2colTensorMaps) {
  const std::string where = "step 0 ('MatMul_3') tensor map over argument 0";
  Engine e = makeIm2colEngine();
  EXPECT_EQ(verify(e), "");

  e = makeIm2colEngine();
  e.steps[0].tensorMaps[0].box = {64, 128, 1, 1};
  EXPECT_EQ(verify(e), where + " has 4 dimensions, 3 strides and 4 box "
                               "extents (3 to 5 dimensions and no box for "
                               "im2col, one stride fewer)");

  e = makeIm2colEngine();
  e.steps[0].tensorMaps[0].lowerCorner = {-1, -129};
  EXPECT_EQ(verify(e), where + " has bounding-box corners -129 and -1 in "
                               "spatial dimension 1 (-128 to 127 at rank 4)");

  e = makeIm2colEngine();
  e.steps[0].tensorMaps[0].upperCorner = {-1};
  EXPECT_EQ(verify(e), where + " has 2 and 1 bounding-box corner offsets (2 "
                               "each)");

  // A box (lower corner to the last pixel plus the upper corner) that
  // holds no pixel.
  e = makeIm2colEngine();
  e.steps[0].tensorMaps[0].lowerCorner = {20, -1};
  e.steps[0].tensorMaps[0].upperCorner = {-10, -1};
  EXPECT_EQ(verify(e),
            where + "'s bounding box is empty in spatial dimension 0");

  e = makeIm2colEngine();
  e.steps[0].tensorMaps[0].pixelsPerColumn = 2048;
  EXPECT_EQ(verify(e), where + " loads 2048 pixels of 64 channels (1 to 1024 "
                               "pixels of 1 to 256 channels)");

  e = makeIm2colEngine();
  e.steps[0].tensorMaps[0].channelsPerPixel = 128; // 256-byte rows
  EXPECT_EQ(verify(e), where + "'s box rows are 256 bytes (a multiple of 16, "
                               "at most the swizzle span)");

  e = makeIm2colEngine();
  e.steps[0].tensorMaps[0].elementStrides = {1, 9, 2, 1};
  EXPECT_EQ(verify(e), where + " has a traversal stride of 9 (1 to 8)");

  e = makeIm2colEngine();
  e.steps[0].tensorMaps[0].elementStrides = {1, 2};
  EXPECT_EQ(verify(e), where + " has 2 traversal strides for 4 dimensions");

  e = makeIm2colEngine();
  e.steps[0].tensorMaps[0].dims = {64, 30};
  e.steps[0].tensorMaps[0].strides = {128};
  e.steps[0].tensorMaps[0].elementStrides.clear();
  EXPECT_EQ(verify(e), where + " has 2 dimensions, 1 strides and 0 box "
                               "extents (3 to 5 dimensions and no box for "
                               "im2col, one stride fewer)");

  // The whole tensor must lie in the buffer.
  e = makeIm2colEngine();
  e.steps[0].tensorMaps[0].dims[3] = 9;
  EXPECT_EQ(verify(e), where + " covers 1036800 bytes of a 921600-byte "
                               "buffer");
}

TEST(EngineFormat, EveryTruncationIsAnError) {
  std::vector<uint8_t> bytes = image(makeEngine());
  for (size_t n = 0; n < bytes.size(); ++n) {
    Engine r;
    std::string error;
    EXPECT_FALSE(read(bytes.data(), n, r, error, "m.engine")) << n;
    EXPECT_NE(error.find("m.engine: "), std::string::npos) << error;
  }
}

TEST(EngineFormat, EveryFlippedByteIsAnError) {
  std::vector<uint8_t> bytes = image(makeEngine());
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::vector<uint8_t> bad = bytes;
    bad[i] ^= 0x20;
    Engine r;
    std::string error;
    EXPECT_FALSE(read(bad.data(), bad.size(), r, error)) << "byte " << i;
  }
}

TEST(EngineFormat, Messages) {
  std::vector<uint8_t> bytes = image(makeEngine());
  Engine r;
  std::string error;

  std::vector<uint8_t> bad = bytes;
  bad[0] = 'X';
  EXPECT_FALSE(read(bad.data(), bad.size(), r, error, "a.engine"));
  EXPECT_EQ(error, "a.engine: not an rt engine (bad magic; expected "
                   "'RTENGINE')");

  EXPECT_FALSE(read(bytes.data(), 40, r, error, "a.engine"));
  EXPECT_EQ(error, "a.engine: truncated: 40 bytes, shorter than the 96-byte "
                   "header");

  EXPECT_FALSE(read(bytes.data(), bytes.size() - 1, r, error, "a.engine"));
  EXPECT_NE(error.find("truncated or padded: header says"), std::string::npos)
      << error;

  bad = bytes;
  bad.back() ^= 1;
  EXPECT_FALSE(read(bad.data(), bad.size(), r, error, "a.engine"));
  EXPECT_EQ(error, "a.engine: checksum mismatch: the engine is corrupted");

  bad = bytes;
  bad[8] = 5; // format version
  EXPECT_FALSE(read(bad.data(), bad.size(), r, error, "a.engine"));
  EXPECT_EQ(error, "a.engine: engine format version 5 is not supported (this "
                   "runtime reads versions 1 to 4); rebuild the engine");
}

TEST(EngineFormat, HostileMetadataBehindAValidChecksum) {
  std::vector<uint8_t> bytes = image(makeEngine());
  Engine r;
  std::string error;
  // The metadata begins at the header's end with the target string: make
  // its length point past the end of the file.
  std::vector<uint8_t> bad = bytes;
  bad[96] = 0xff;
  bad[97] = 0xff;
  bad[98] = 0xff;
  bad[99] = 0x7f;
  reseal(bad);
  EXPECT_FALSE(read(bad.data(), bad.size(), r, error));
  EXPECT_NE(error.find("metadata ends early"), std::string::npos) << error;

  // Code section pointing past the file.
  bad = bytes;
  bad[48 + 7] = 0x40;
  reseal(bad);
  EXPECT_FALSE(read(bad.data(), bad.size(), r, error));
  EXPECT_NE(error.find("code section"), std::string::npos) << error;

  // Code section starting inside the header.
  bad = bytes;
  std::memset(bad.data() + 48, 0, 8);
  bad[48] = 40;
  reseal(bad);
  EXPECT_FALSE(read(bad.data(), bad.size(), r, error, "a.engine"));
  EXPECT_EQ(error.find("a.engine: code section [40, +"), 0u) << error;
  EXPECT_NE(error.find("after the 96-byte header"), std::string::npos)
      << error;

  // Code section overlapping the metadata (both start at the header's end).
  bad = bytes;
  std::memcpy(bad.data() + 48, bad.data() + 32, 8);
  reseal(bad);
  EXPECT_FALSE(read(bad.data(), bad.size(), r, error, "a.engine"));
  EXPECT_EQ(error.find("a.engine: metadata section [96, +"), 0u) << error;
  EXPECT_NE(error.find(") overlaps the code section [96, +"),
            std::string::npos)
      << error;
}

TEST(EngineFormat, VerifyCatchesBadReferences) {
  Engine e = makeEngine();
  e.steps[0].args[2].offset = 4090; // 12 bytes past a 4096-byte arena
  std::string error;
  EXPECT_TRUE(write(e, error).empty());
  EXPECT_EQ(error, "step 0 ('Relu_0') argument 2 [4090, +12) lies outside "
                   "the 4096-byte arena");

  e = makeEngine();
  e.steps[0].args[0].size = 25;
  EXPECT_EQ(verify(e), "step 0 ('Relu_0') argument 0 [0, +25) lies outside "
                       "input 'x' (24 bytes)");

  e = makeEngine();
  e.steps[0].args[3].index = 1;
  EXPECT_EQ(verify(e), "step 0 ('Relu_0') argument 3 names output 1 of 1");

  e = makeEngine();
  e.steps[0].kernel = 3;
  EXPECT_EQ(verify(e), "step 0 ('Relu_0') launches kernel 3 of 1");

  e = makeEngine();
  e.steps[0].block = {1024, 2, 1};
  EXPECT_EQ(verify(e),
            "step 0 ('Relu_0') has launch dimensions beyond CUDA's limits");

  e = makeEngine();
  e.modules[0].size = 1000;
  EXPECT_NE(verify(e).find("lies outside the"), std::string::npos);

  e = makeEngine();
  e.code.back() = 'x';
  EXPECT_EQ(verify(e), "PTX module 0 is not NUL-terminated");

  e = makeEngine();
  e.steps[0].args[1].offset = ~uint64_t(0) - 4; // offset + size overflows
  EXPECT_NE(verify(e).find("lies outside the 512-byte weights"),
            std::string::npos);

  e = makeEngine();
  e.inputs[0].shape = {-1, 3};
  EXPECT_EQ(verify(e), "input 'x' has invalid dimension -1");

  // An arena no GPU could hold, whose size plus the weights would wrap.
  e = makeEngine();
  e.arenaSize = ~uint64_t(0);
  EXPECT_EQ(verify(e),
            "arena of 18446744073709551615 bytes is larger than 2^48 bytes");

  // A kernel argument of no bytes could point one past its buffer; an
  // empty copy is a no-op and allowed.
  e = makeEngine();
  e.steps[0].args[2].size = 0;
  EXPECT_EQ(verify(e), "step 0 ('Relu_0') argument 2 is empty");
  e = makeEngine();
  e.steps[1].args[0].size = e.steps[1].args[1].size = 0;
  EXPECT_EQ(verify(e), "");
}

TEST(EngineFormat, Arch) {
  Engine e = makeEngine(); // sm_90a: exactly 9.0
  EXPECT_EQ(checkArch(e, 9, 0), "");
  EXPECT_EQ(checkArch(e, 8, 0),
            "the engine was built for sm_90a but the GPU is sm_80 (compute "
            "capability 8.0); rebuild it with --target-arch=sm_80");
  EXPECT_NE(checkArch(e, 10, 0), "");

  e.target = "sm_80";
  e.smVersion = 80;
  e.modules[0].format = ModuleFormat::Cubin;
  EXPECT_EQ(checkArch(e, 8, 6), ""); // cubins run on later minors
  EXPECT_NE(checkArch(e, 9, 0), ""); // not on another major
  EXPECT_NE(checkArch(e, 7, 5), "");

  e.modules[0].format = ModuleFormat::PTX; // PTX is compiled for newer GPUs
  EXPECT_EQ(checkArch(e, 9, 0), "");
  EXPECT_NE(checkArch(e, 7, 5), "");
}

} // namespace
