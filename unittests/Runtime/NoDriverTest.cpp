//===- NoDriverTest.cpp - the runtime on a machine without a GPU ----------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// Its own binary: the driver is opened once per process, and this test makes
// that fail on purpose (RT_CUDA_DRIVER names a library that does not exist),
// so it behaves the same on CI machines and on the GPU machine.
//
//===----------------------------------------------------------------------===//

#include "rt-c/Runtime.h"
#include "rt/Runtime/Runtime.h"

#include "gtest/gtest.h"

#include <cstdlib>
#include <fstream>

using namespace rt;

namespace {

std::vector<uint8_t> tinyEngine() {
  engine::Engine e;
  e.target = "sm_90";
  e.smVersion = 90;
  e.arenaSize = 256;
  const char ptx[] = ".version 8.0\n";
  e.code.assign(ptx, ptx + sizeof(ptx));
  e.modules.push_back({engine::ModuleFormat::PTX, 0, sizeof(ptx)});
  std::string error;
  return engine::write(e, error);
}

class NoDriver : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    setenv("RT_CUDA_DRIVER", "/nonexistent/libcuda.so.1", 1);
  }
};

TEST_F(NoDriver, SessionCreationSaysThereIsNoDriver) {
  std::vector<uint8_t> bytes = tinyEngine();
  runtime::Status s;
  auto e = runtime::loadEngineMemory(bytes.data(), bytes.size(), s);
  ASSERT_TRUE(s.ok()) << s.message; // reading needs no GPU
  auto session = runtime::Session::create(e, 0, s);
  EXPECT_EQ(session, nullptr);
  EXPECT_EQ(s.code, runtime::StatusCode::NoDevice);
  EXPECT_EQ(s.message.rfind("no CUDA driver: /nonexistent/libcuda.so.1 could "
                            "not be loaded (",
                            0),
            0u)
      << s.message;
  EXPECT_NE(s.message.find("run only on a machine with an NVIDIA GPU"),
            std::string::npos);
}

TEST_F(NoDriver, CApi) {
  std::vector<uint8_t> bytes = tinyEngine();
  rtEngine engine = nullptr;
  ASSERT_EQ(rtEngineLoadMemory(bytes.data(), bytes.size(), &engine),
            RT_SUCCESS);
  EXPECT_STREQ(rtEngineGetTarget(engine), "sm_90");
  EXPECT_EQ(rtEngineGetNumInputs(engine), 0);
  rtSession session = nullptr;
  EXPECT_EQ(rtSessionCreate(engine, 0, &session), RT_ERROR_NO_DEVICE);
  EXPECT_NE(std::string(rtGetLastErrorMessage()).find("no CUDA driver"),
            std::string::npos);
  rtEngineDestroy(engine);

  // A corrupted file is reported with its name.
  std::string path = ::testing::TempDir() + "/corrupt.engine";
  bytes[bytes.size() - 3] ^= 0xff;
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char *>(bytes.data()), bytes.size());
  EXPECT_EQ(rtEngineLoadFile(path.c_str(), &engine), RT_ERROR_INVALID_ENGINE);
  EXPECT_EQ(std::string(rtGetLastErrorMessage()),
            path + ": checksum mismatch: the engine is corrupted");
  EXPECT_EQ(rtEngineLoadFile("/nonexistent.engine", &engine), RT_ERROR_IO);
  EXPECT_EQ(std::string(rtGetLastErrorMessage()),
            "/nonexistent.engine: cannot open engine file: No such file or "
            "directory");
}

} // namespace
