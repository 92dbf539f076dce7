//===- GPUTest.cpp - the runtime on a GPU ---------------------------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// Runs a hand-made engine (one PTX kernel) through sessions, with and without
// CUDA graphs, and the errors a GPU machine can produce (wrong architecture,
// out of memory, bad bindings). Labelled `gpu` in ctest; skipped where the
// CUDA driver or a GPU is missing.
//
//===----------------------------------------------------------------------===//

#include "rt-c/Runtime.h"
#include "rt/Runtime/Runtime.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstring>

using namespace rt;
namespace rr = rt::runtime;

namespace {

// y[i] = x[i] * w[i] + a[i] for i < 1000, with a in the arena written by a
// first launch of the same kernel (a = x * w + x... kept simple: two steps).
const char *kPtx = R"(
.version 7.0
.target sm_80
.address_size 64
.visible .entry fma(.param .u64 x, .param .u64 w, .param .u64 a, .param .u64 y)
{
  .reg .pred %p;
  .reg .b32 %r<6>;
  .reg .f32 %f<5>;
  .reg .b64 %rd<12>;
  ld.param.u64 %rd1, [x];
  ld.param.u64 %rd2, [w];
  ld.param.u64 %rd3, [a];
  ld.param.u64 %rd4, [y];
  mov.u32 %r1, %ctaid.x;
  mov.u32 %r2, %ntid.x;
  mov.u32 %r3, %tid.x;
  mad.lo.s32 %r4, %r1, %r2, %r3;
  setp.ge.s32 %p, %r4, 1000;
  @%p bra DONE;
  mul.wide.s32 %rd5, %r4, 4;
  cvta.to.global.u64 %rd6, %rd1;
  add.s64 %rd7, %rd6, %rd5;
  ld.global.f32 %f1, [%rd7];
  cvta.to.global.u64 %rd6, %rd2;
  add.s64 %rd8, %rd6, %rd5;
  ld.global.f32 %f2, [%rd8];
  cvta.to.global.u64 %rd6, %rd3;
  add.s64 %rd9, %rd6, %rd5;
  ld.global.f32 %f3, [%rd9];
  fma.rn.f32 %f4, %f1, %f2, %f3;
  cvta.to.global.u64 %rd6, %rd4;
  add.s64 %rd10, %rd6, %rd5;
  st.global.f32 [%rd10], %f4;
DONE:
  ret;
}
)";

constexpr uint64_t kBytes = 4000;

engine::Engine makeEngine() {
  engine::Engine e;
  e.target = "sm_80";
  e.smVersion = 80;
  e.arenaSize = 4096;
  e.inputs.push_back({"x", engine::DType::F32, {1000}});
  e.outputs.push_back({"y", engine::DType::F32, {1000}});
  e.code.assign(kPtx, kPtx + std::strlen(kPtx) + 1);
  e.modules.push_back({engine::ModuleFormat::PTX, 0, e.code.size()});
  e.kernels.push_back({"fma", 0});
  // weights: w[i] = 2, zeros[i] = 0.
  e.weights.resize(2 * 4096);
  for (int i = 0; i < 1000; ++i) {
    float two = 2.0f;
    std::memcpy(e.weights.data() + 4 * i, &two, 4);
  }
  using engine::BufferRef;
  using engine::Space;
  engine::Step s1; // t = x * w + 0 (into the arena)
  s1.label = "first";
  s1.grid = {4, 1, 1};
  s1.block = {256, 1, 1};
  s1.args = {BufferRef{Space::Input, 0, 0, kBytes},
             BufferRef{Space::Weights, 0, 0, kBytes},
             BufferRef{Space::Weights, 0, 4096, kBytes},
             BufferRef{Space::Arena, 0, 0, kBytes}};
  engine::Step s2 = s1; // y = t * w + x
  s2.label = "second";
  s2.args = {BufferRef{Space::Arena, 0, 0, kBytes},
             BufferRef{Space::Weights, 0, 0, kBytes},
             BufferRef{Space::Input, 0, 0, kBytes},
             BufferRef{Space::Output, 0, 0, kBytes}};
  e.steps = {s1, s2};
  return e;
}

class GPU : public ::testing::Test {
protected:
  void SetUp() override {
    rr::Status s = rr::initDriver();
    if (!s.ok())
      GTEST_SKIP() << s.message;
  }
  /// `e` written, read back and opened on GPU 0; null (with the failure
  /// recorded) if any of that fails.
  std::unique_ptr<rr::Session> open(const engine::Engine &e) {
    std::string error;
    std::vector<uint8_t> bytes = engine::write(e, error);
    EXPECT_EQ(error, "");
    rr::Status s;
    auto loaded = rr::loadEngineMemory(bytes.data(), bytes.size(), s);
    EXPECT_TRUE(s.ok()) << s.message;
    if (!loaded)
      return nullptr;
    auto session = rr::Session::create(loaded, 0, s);
    EXPECT_TRUE(s.ok()) << s.message;
    return session;
  }
};

TEST_F(GPU, RunsWithAndWithoutGraphs) {
  auto session = open(makeEngine());
  ASSERT_TRUE(session);
  rr::Status s;
  std::vector<float> x(1000), y(1000);
  for (int i = 0; i < 1000; ++i)
    x[i] = float(i) * 0.5f - 100.0f;
  void *dx, *dy, *stream;
  ASSERT_TRUE(rr::deviceAlloc(kBytes, &dx).ok());
  ASSERT_TRUE(rr::deviceAlloc(kBytes, &dy).ok());
  ASSERT_TRUE(rr::createStream(&stream).ok());
  ASSERT_TRUE(rr::copyToDevice(dx, x.data(), kBytes).ok());
  for (bool graph : {false, true, true}) {
    ASSERT_TRUE(rr::deviceMemset(dy, 0xff, kBytes).ok());
    s = session->run({dx}, {dy}, stream, graph);
    ASSERT_TRUE(s.ok()) << s.message;
    ASSERT_TRUE(rr::synchronize(stream).ok());
    ASSERT_TRUE(rr::copyToHost(y.data(), dy, kBytes).ok());
    for (int i = 0; i < 1000; ++i)
      ASSERT_EQ(y[i], x[i] * 2 * 2 + x[i]) << i; // exact in float
  }
  std::vector<float> ms;
  s = session->profile({dx}, {dy}, stream, ms);
  ASSERT_TRUE(s.ok()) << s.message;
  EXPECT_EQ(ms.size(), 2u);
  // Wrong number of bindings.
  s = session->run({dx}, {}, stream, true);
  EXPECT_EQ(s.code, rr::StatusCode::InvalidArgument);
  EXPECT_EQ(s.message, "the engine takes 1 inputs and 1 outputs; got 1 and 0");
  rr::deviceFree(dx);
  rr::deviceFree(dy);
  rr::destroyStream(stream);
}

// A launch's TMA tensor maps are encoded by the runtime (the kernel here
// does not read its extra parameter: the driver passes the parameters the
// kernel declares); one over an input at an address that is not 16-byte
// aligned is an error naming the step and the input.
TEST_F(GPU, TensorMapsAreEncodedAndCheckedPerInputAddress) {
  engine::Engine eng = makeEngine();
  engine::TensorMap t;
  t.arg = 0;
  t.dtype = engine::DType::F32;
  t.dims = {1000};
  t.box = {8};
  eng.steps[0].tensorMaps.push_back(t);
  auto session = open(eng);
  ASSERT_TRUE(session);
  rr::Status s;
  std::vector<float> x(1001, 1.0f), y(1000);
  void *dx, *dy, *stream;
  ASSERT_TRUE(rr::deviceAlloc(kBytes + 4, &dx).ok());
  ASSERT_TRUE(rr::deviceAlloc(kBytes, &dy).ok());
  ASSERT_TRUE(rr::createStream(&stream).ok());
  ASSERT_TRUE(rr::copyToDevice(dx, x.data(), kBytes + 4).ok());
  for (bool graph : {false, true}) {
    s = session->run({dx}, {dy}, stream, graph);
    ASSERT_TRUE(s.ok()) << s.message;
    ASSERT_TRUE(rr::synchronize(stream).ok());
    ASSERT_TRUE(rr::copyToHost(y.data(), dy, kBytes).ok());
    EXPECT_EQ(y[999], 5.0f);
  }
  const void *misaligned = static_cast<const char *>(dx) + 4;
  s = session->run({misaligned}, {dy}, stream, false);
  EXPECT_EQ(s.code, rr::StatusCode::InvalidArgument);
  EXPECT_NE(s.message.find("step 'first': the tensor map over input 'x' "
                           "needs a 16-byte aligned address"),
            std::string::npos)
      << s.message;
  rr::deviceFree(dx);
  rr::deviceFree(dy);
  rr::destroyStream(stream);
}

TEST_F(GPU, WrongArchitecture) {
  engine::Engine e = makeEngine();
  rr::DeviceInfo info;
  ASSERT_TRUE(rr::getDeviceInfo(0, info).ok());
  // A cubin target of another major version than the GPU's.
  int other = info.major == 9 ? 80 : 90;
  e.target = "sm_" + std::to_string(other);
  e.smVersion = other;
  e.modules[0].format = engine::ModuleFormat::Cubin;
  auto shared = std::make_shared<engine::Engine>(e);
  rr::Status s;
  auto session = rr::Session::create(shared, 0, s);
  EXPECT_EQ(session, nullptr);
  EXPECT_EQ(s.code, rr::StatusCode::ArchMismatch);
  EXPECT_NE(s.message.find("the engine was built for sm_" +
                           std::to_string(other) + " but the GPU is"),
            std::string::npos)
      << s.message;
}

TEST_F(GPU, OutOfMemoryIsAnError) {
  engine::Engine e = makeEngine();
  e.arenaSize = uint64_t(1) << 46; // 64 TiB
  auto shared = std::make_shared<engine::Engine>(e);
  rr::Status s;
  auto session = rr::Session::create(shared, 0, s);
  EXPECT_EQ(session, nullptr);
  EXPECT_EQ(s.code, rr::StatusCode::OutOfMemory);
  EXPECT_NE(s.message.find("allocating the arena (70368744177664 bytes)"),
            std::string::npos)
      << s.message;
}

TEST_F(GPU, MissingDevice) {
  std::string error;
  std::vector<uint8_t> bytes = engine::write(makeEngine(), error);
  rtEngine engine;
  ASSERT_EQ(rtEngineLoadMemory(bytes.data(), bytes.size(), &engine),
            RT_SUCCESS);
  rtSession session;
  EXPECT_EQ(rtSessionCreate(engine, 999, &session), RT_ERROR_NO_DEVICE);
  EXPECT_NE(std::string(rtGetLastErrorMessage()).find("GPU 999 does not exist"),
            std::string::npos);
  rtEngineDestroy(engine);
}

} // namespace
