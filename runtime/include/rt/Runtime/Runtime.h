//===- Runtime.h - load and run rt engines on NVIDIA GPUs -------*- C++ -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// The runtime needs only the CUDA driver (libcuda.so.1, opened at run time,
// so that programs linking the runtime start on machines without a GPU and
// report that clearly). It never links MLIR or LLVM.
//
//   Status s;
//   auto engine = rt::runtime::loadEngineFile("model.engine", s);
//   auto session = rt::runtime::Session::create(engine, /*device=*/0, s);
//   session->run(inputPtrs, outputPtrs, stream, /*useGraph=*/true);
//
// A session owns one arena for all intermediates and a copy of the weights
// on the device, uploaded once. `run` enqueues the engine's steps on the
// caller's stream; with useGraph, the steps are captured once per set of
// input/output pointers into a CUDA graph and replayed (at most 16 graphs
// are kept per session).
//
//===----------------------------------------------------------------------===//

#ifndef RT_RUNTIME_RUNTIME_H
#define RT_RUNTIME_RUNTIME_H

#include "rt/Runtime/EngineFormat.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace rt {
namespace runtime {

enum class StatusCode {
  Success = 0,
  InvalidEngine,
  NoDevice,
  ArchMismatch,
  OutOfMemory,
  CudaError,
  InvalidArgument,
  IOError,
};

struct Status {
  StatusCode code = StatusCode::Success;
  std::string message;
  bool ok() const { return code == StatusCode::Success; }
  static Status error(StatusCode c, std::string m) { return {c, std::move(m)}; }
};

/// Reads and checks an engine file (no GPU needed).
std::shared_ptr<const engine::Engine> loadEngineFile(const std::string &path,
                                                     Status &status);
/// Checks an engine image in memory (no GPU needed).
std::shared_ptr<const engine::Engine>
loadEngineMemory(const void *data, size_t size, Status &status,
                 const std::string &source = "engine");

/// The CUDA driver, opened on first use. Returns an error status naming the
/// reason when there is no driver or no GPU. `RT_CUDA_DRIVER` overrides the
/// library path (tests use it to simulate a machine without a driver).
Status initDriver();

struct DeviceInfo {
  std::string name;
  int major = 0, minor = 0, multiprocessors = 0;
  size_t totalMemory = 0;
  /// Shared memory one block may opt into, and per SM; registers per SM;
  /// L2 size (bytes): what the compiler's target model needs.
  int sharedPerBlockOptin = 0, sharedPerMultiprocessor = 0,
      registersPerMultiprocessor = 0, l2CacheBytes = 0;
};
Status getDeviceInfo(int device, DeviceInfo &info);

/// Device memory owned by the caller (helpers for tools and tests).
Status deviceAlloc(size_t bytes, void **ptr);
Status deviceFree(void *ptr);
Status copyToDevice(void *dst, const void *src, size_t bytes);
Status copyToHost(void *dst, const void *src, size_t bytes);
/// Fills device memory with a byte (poisoning outputs before a check);
/// returns when the memory is filled.
Status deviceMemset(void *dst, uint8_t value, size_t bytes);

/// Device timing for tools: a stream and events.
Status createStream(void **stream);
Status destroyStream(void *stream);
Status synchronize(void *stream);
/// Milliseconds between two points of `stream`, measured with events around
/// `fn` (a callback enqueuing work).
class EventTimer {
public:
  static std::unique_ptr<EventTimer> create(Status &s);
  ~EventTimer();
  Status start(void *stream);
  Status stop(void *stream, float &ms);

private:
  EventTimer() = default;
  void *begin = nullptr, *end = nullptr;
};

/// An engine loaded on one GPU.
class Session {
public:
  static std::unique_ptr<Session>
  create(std::shared_ptr<const engine::Engine> engine, int device,
         Status &status);
  ~Session();

  const engine::Engine &getEngine() const { return *engine; }
  /// Bytes of device memory held (arena + weights).
  size_t deviceBytes() const;

  /// Enqueues the engine on `stream` (a CUstream; null: the default
  /// stream). `inputs` and `outputs` are device pointers, one per engine
  /// input/output, in order.
  Status run(const std::vector<const void *> &inputs,
             const std::vector<void *> &outputs, void *stream,
             bool useGraph = true);

  /// Runs each step once, synchronizing after each, and returns its time
  /// in milliseconds (for profiling; slow).
  Status profile(const std::vector<const void *> &inputs,
                 const std::vector<void *> &outputs, void *stream,
                 std::vector<float> &stepMs);

private:
  Session() = default;
  Status enqueue(const std::vector<const void *> &inputs,
                 const std::vector<void *> &outputs, void *stream,
                 std::vector<float> *stepMs);
  /// Encodes step `stepIndex`'s tensor maps for its resolved buffer
  /// addresses `ptrs` (cached while the addresses stay).
  Status encodeTensorMaps(size_t stepIndex,
                          const std::vector<unsigned long long> &ptrs);
  struct Impl;
  std::shared_ptr<const engine::Engine> engine;
  std::unique_ptr<Impl> impl;
};

} // namespace runtime
} // namespace rt

#endif // RT_RUNTIME_RUNTIME_H
