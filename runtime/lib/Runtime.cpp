//===- Runtime.cpp - load and run rt engines on NVIDIA GPUs ---------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#include "rt/Runtime/Runtime.h"

#include <cuda.h>
#include <dlfcn.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <utility>

using namespace rt;
using namespace rt::runtime;

//===----------------------------------------------------------------------===//
// The driver, opened with dlopen
//===----------------------------------------------------------------------===//

#define RT_STR2(x) #x
#define RT_STR(x) RT_STR2(x)

// Every driver entry point the runtime uses; the names expand through
// cuda.h's versioning macros (cuMemAlloc -> cuMemAlloc_v2).
#define RT_DRIVER_FUNCTIONS(X)                                                 \
  X(cuInit)                                                                    \
  X(cuDriverGetVersion)                                                        \
  X(cuDeviceGetCount)                                                          \
  X(cuDeviceGet)                                                               \
  X(cuDeviceGetAttribute)                                                      \
  X(cuDeviceGetName)                                                           \
  X(cuDeviceTotalMem)                                                          \
  X(cuDevicePrimaryCtxRetain)                                                  \
  X(cuDevicePrimaryCtxRelease)                                                 \
  X(cuCtxSetCurrent)                                                           \
  X(cuModuleLoadDataEx)                                                        \
  X(cuModuleUnload)                                                            \
  X(cuModuleGetFunction)                                                       \
  X(cuFuncSetAttribute)                                                        \
  X(cuMemAlloc)                                                                \
  X(cuMemFree)                                                                 \
  X(cuMemcpyHtoD)                                                              \
  X(cuMemcpyDtoH)                                                              \
  X(cuMemcpyDtoDAsync)                                                         \
  X(cuMemsetD8)                                                                \
  X(cuLaunchKernel)                                                            \
  X(cuTensorMapEncodeTiled)                                                    \
  X(cuTensorMapEncodeIm2col)                                                   \
  X(cuStreamCreate)                                                            \
  X(cuStreamDestroy)                                                           \
  X(cuStreamSynchronize)                                                       \
  X(cuStreamBeginCapture)                                                      \
  X(cuStreamEndCapture)                                                        \
  X(cuGraphInstantiateWithFlags)                                               \
  X(cuGraphLaunch)                                                             \
  X(cuGraphExecDestroy)                                                        \
  X(cuGraphDestroy)                                                            \
  X(cuGetErrorString)                                                          \
  X(cuGetErrorName)                                                            \
  X(cuEventCreate)                                                             \
  X(cuEventRecord)                                                             \
  X(cuEventSynchronize)                                                        \
  X(cuEventElapsedTime)                                                        \
  X(cuEventDestroy)

namespace {
struct Driver {
#define RT_DECLARE(fn) decltype(&::fn) fn = nullptr;
  RT_DRIVER_FUNCTIONS(RT_DECLARE)
#undef RT_DECLARE
  void *handle = nullptr;
  Status status;
};

Driver &driver() {
  static Driver d;
  static std::once_flag once;
  std::call_once(once, [] {
    const char *override = std::getenv("RT_CUDA_DRIVER");
    std::string path = override && *override ? override : "libcuda.so.1";
    d.handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!d.handle) {
      const char *why = dlerror();
      d.status = Status::error(
          StatusCode::NoDevice,
          "no CUDA driver: " + path + " could not be loaded (" +
              (why ? why : "unknown reason") +
              "); rt engines run only on a machine with an NVIDIA GPU and "
              "its driver");
      return;
    }
#define RT_RESOLVE(fn)                                                         \
  d.fn = reinterpret_cast<decltype(d.fn)>(dlsym(d.handle, RT_STR(fn)));        \
  if (!d.fn) {                                                                 \
    d.status = Status::error(StatusCode::NoDevice,                             \
                             "the CUDA driver " + path + " lacks " +           \
                                 RT_STR(fn) + "; it is too old for rt");       \
    return;                                                                    \
  }
    RT_DRIVER_FUNCTIONS(RT_RESOLVE)
#undef RT_RESOLVE
    CUresult r = d.cuInit(0);
    if (r != CUDA_SUCCESS) {
      const char *msg = nullptr;
      d.cuGetErrorString(r, &msg);
      d.status = Status::error(StatusCode::NoDevice,
                               std::string("no usable GPU: cuInit failed (") +
                                   (msg ? msg : "unknown error") + ")");
      return;
    }
    int count = 0;
    if (d.cuDeviceGetCount(&count) != CUDA_SUCCESS || count == 0)
      d.status = Status::error(StatusCode::NoDevice,
                               "no GPU: the CUDA driver reports no devices");
  });
  return d;
}

Status cuError(CUresult r, const std::string &what) {
  const char *name = nullptr, *msg = nullptr;
  driver().cuGetErrorName(r, &name);
  driver().cuGetErrorString(r, &msg);
  StatusCode code = r == CUDA_ERROR_OUT_OF_MEMORY ? StatusCode::OutOfMemory
                                                  : StatusCode::CudaError;
  std::string text = what + ": " + (name ? name : "CUDA error") + " (" +
                     (msg ? msg : "") + ")";
  // A kernel's device-side assertion: with index-check=trap, an index out
  // of range; the kernel printed which node on the device's stdout.
  if (r == CUDA_ERROR_ASSERT)
    text += "; a kernel's run-time check failed (an engine built with "
            "index-check=trap stops at an out-of-range index: the message "
            "above names the node); the CUDA context is no longer usable";
  return Status::error(code, text);
}
} // namespace

#define RT_CU(call, what)                                                      \
  do {                                                                         \
    CUresult rt_r = (call);                                                    \
    if (rt_r != CUDA_SUCCESS)                                                  \
      return cuError(rt_r, what);                                              \
  } while (0)

Status rt::runtime::initDriver() { return driver().status; }

//===----------------------------------------------------------------------===//
// Engines (no GPU)
//===----------------------------------------------------------------------===//

std::shared_ptr<const engine::Engine>
rt::runtime::loadEngineMemory(const void *data, size_t size, Status &status,
                              const std::string &source) {
  auto e = std::make_shared<engine::Engine>();
  std::string error;
  if (!engine::read(static_cast<const uint8_t *>(data), size, *e, error,
                    source)) {
    status = Status::error(StatusCode::InvalidEngine, error);
    return nullptr;
  }
  status = Status();
  return e;
}

std::shared_ptr<const engine::Engine>
rt::runtime::loadEngineFile(const std::string &path, Status &status) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    status = Status::error(
        StatusCode::IOError,
        path + ": cannot open engine file: " + std::strerror(errno));
    return nullptr;
  }
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  return loadEngineMemory(bytes.data(), bytes.size(), status, path);
}

//===----------------------------------------------------------------------===//
// Device helpers
//===----------------------------------------------------------------------===//

static Status useDevice(int ordinal, CUdevice *devOut = nullptr) {
  Driver &d = driver();
  if (!d.status.ok())
    return d.status;
  int count = 0;
  RT_CU(d.cuDeviceGetCount(&count), "cuDeviceGetCount");
  if (ordinal < 0 || ordinal >= count)
    return Status::error(StatusCode::NoDevice,
                         "GPU " + std::to_string(ordinal) +
                             " does not exist (the driver reports " +
                             std::to_string(count) + ")");
  CUdevice dev;
  RT_CU(d.cuDeviceGet(&dev, ordinal), "cuDeviceGet");
  CUcontext ctx;
  RT_CU(d.cuDevicePrimaryCtxRetain(&ctx, dev), "cuDevicePrimaryCtxRetain");
  RT_CU(d.cuCtxSetCurrent(ctx), "cuCtxSetCurrent");
  if (devOut)
    *devOut = dev;
  return Status();
}

Status rt::runtime::getDeviceInfo(int ordinal, DeviceInfo &info) {
  CUdevice dev;
  if (Status s = useDevice(ordinal, &dev); !s.ok())
    return s;
  Driver &d = driver();
  char name[256] = {0};
  RT_CU(d.cuDeviceGetName(name, sizeof(name) - 1, dev), "cuDeviceGetName");
  info.name = name;
  RT_CU(d.cuDeviceGetAttribute(
            &info.major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev),
        "cuDeviceGetAttribute");
  RT_CU(d.cuDeviceGetAttribute(
            &info.minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev),
        "cuDeviceGetAttribute");
  RT_CU(d.cuDeviceGetAttribute(&info.multiprocessors,
                               CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, dev),
        "cuDeviceGetAttribute");
  RT_CU(d.cuDeviceTotalMem(&info.totalMemory, dev), "cuDeviceTotalMem");
  const std::pair<int *, CUdevice_attribute> more[] = {
      {&info.sharedPerBlockOptin,
       CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN},
      {&info.sharedPerMultiprocessor,
       CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_MULTIPROCESSOR},
      {&info.registersPerMultiprocessor,
       CU_DEVICE_ATTRIBUTE_MAX_REGISTERS_PER_MULTIPROCESSOR},
      {&info.l2CacheBytes, CU_DEVICE_ATTRIBUTE_L2_CACHE_SIZE}};
  for (auto [value, attr] : more)
    RT_CU(d.cuDeviceGetAttribute(value, attr, dev), "cuDeviceGetAttribute");
  return Status();
}

Status rt::runtime::deviceAlloc(size_t bytes, void **ptr) {
  if (Status s = initDriver(); !s.ok())
    return s;
  CUdeviceptr p = 0;
  RT_CU(driver().cuMemAlloc(&p, bytes ? bytes : 1),
        "allocating " + std::to_string(bytes) + " bytes of GPU memory");
  *ptr = reinterpret_cast<void *>(p);
  return Status();
}
Status rt::runtime::deviceFree(void *ptr) {
  if (ptr)
    RT_CU(driver().cuMemFree(reinterpret_cast<CUdeviceptr>(ptr)), "cuMemFree");
  return Status();
}
Status rt::runtime::copyToDevice(void *dst, const void *src, size_t bytes) {
  if (bytes)
    RT_CU(driver().cuMemcpyHtoD(reinterpret_cast<CUdeviceptr>(dst), src, bytes),
          "copying to the GPU");
  return Status();
}
Status rt::runtime::copyToHost(void *dst, const void *src, size_t bytes) {
  if (bytes)
    RT_CU(driver().cuMemcpyDtoH(dst, reinterpret_cast<CUdeviceptr>(src), bytes),
          "copying from the GPU");
  return Status();
}
Status rt::runtime::deviceMemset(void *dst, uint8_t value, size_t bytes) {
  if (!bytes)
    return Status();
  RT_CU(driver().cuMemsetD8(reinterpret_cast<CUdeviceptr>(dst), value, bytes),
        "cuMemsetD8");
  // cuMemsetD8 may return before the memset is done, and it runs on the
  // legacy default stream, which does not order non-blocking streams: wait,
  // so that work enqueued afterwards on any stream sees the filled memory.
  RT_CU(driver().cuStreamSynchronize(nullptr), "cuMemsetD8 (synchronize)");
  return Status();
}
Status rt::runtime::createStream(void **stream) {
  if (Status s = initDriver(); !s.ok())
    return s;
  CUstream st;
  RT_CU(driver().cuStreamCreate(&st, CU_STREAM_NON_BLOCKING), "cuStreamCreate");
  *stream = st;
  return Status();
}
Status rt::runtime::destroyStream(void *stream) {
  if (stream)
    RT_CU(driver().cuStreamDestroy(static_cast<CUstream>(stream)),
          "cuStreamDestroy");
  return Status();
}
Status rt::runtime::synchronize(void *stream) {
  RT_CU(driver().cuStreamSynchronize(static_cast<CUstream>(stream)),
        "running the engine (cuStreamSynchronize)");
  return Status();
}

std::unique_ptr<EventTimer> EventTimer::create(Status &s) {
  s = initDriver();
  if (!s.ok())
    return nullptr;
  std::unique_ptr<EventTimer> t(new EventTimer());
  CUevent a, b;
  CUresult r = driver().cuEventCreate(&a, CU_EVENT_DEFAULT);
  if (r == CUDA_SUCCESS)
    r = driver().cuEventCreate(&b, CU_EVENT_DEFAULT);
  if (r != CUDA_SUCCESS) {
    s = cuError(r, "cuEventCreate");
    return nullptr;
  }
  t->begin = a;
  t->end = b;
  return t;
}
EventTimer::~EventTimer() {
  if (begin)
    driver().cuEventDestroy(static_cast<CUevent>(begin));
  if (end)
    driver().cuEventDestroy(static_cast<CUevent>(end));
}
Status EventTimer::start(void *stream) {
  RT_CU(driver().cuEventRecord(static_cast<CUevent>(begin),
                               static_cast<CUstream>(stream)),
        "cuEventRecord");
  return Status();
}
Status EventTimer::stop(void *stream, float &ms) {
  RT_CU(driver().cuEventRecord(static_cast<CUevent>(end),
                               static_cast<CUstream>(stream)),
        "cuEventRecord");
  RT_CU(driver().cuEventSynchronize(static_cast<CUevent>(end)),
        "running the engine (cuEventSynchronize)");
  RT_CU(driver().cuEventElapsedTime(&ms, static_cast<CUevent>(begin),
                                    static_cast<CUevent>(end)),
        "cuEventElapsedTime");
  return Status();
}

//===----------------------------------------------------------------------===//
// Sessions
//===----------------------------------------------------------------------===//

struct Session::Impl {
  int device = 0;
  std::vector<CUmodule> modules;
  std::vector<CUfunction> functions;
  CUdeviceptr arena = 0, weights = 0;
  /// Graphs by the I/O pointers they were captured with.
  std::map<std::vector<uintptr_t>, CUgraphExec> graphs;
  /// Each step's encoded tensor maps and the addresses they were encoded
  /// for (re-encoded when an input or output moves).
  std::vector<std::vector<CUtensorMap>> maps;
  std::vector<std::vector<CUdeviceptr>> mapAddresses;

  ~Impl() {
    Driver &d = driver();
    for (auto &g : graphs)
      d.cuGraphExecDestroy(g.second);
    if (arena)
      d.cuMemFree(arena);
    if (weights)
      d.cuMemFree(weights);
    for (CUmodule m : modules)
      d.cuModuleUnload(m);
  }
};

Session::~Session() = default;

size_t Session::deviceBytes() const {
  return engine->arenaSize + engine->weights.size();
}

std::unique_ptr<Session>
Session::create(std::shared_ptr<const engine::Engine> engine, int device,
                Status &status) {
  auto fail = [&](Status s) -> std::unique_ptr<Session> {
    status = std::move(s);
    return nullptr;
  };
  if (!engine)
    return fail(Status::error(StatusCode::InvalidArgument, "no engine"));
  DeviceInfo info;
  if (Status s = getDeviceInfo(device, info); !s.ok())
    return fail(s);
  std::string arch = engine::checkArch(*engine, info.major, info.minor);
  if (!arch.empty())
    return fail(
        Status::error(StatusCode::ArchMismatch, arch + " [" + info.name + "]"));
  Driver &d = driver();
  std::unique_ptr<Session> s(new Session());
  s->engine = engine;
  s->impl = std::make_unique<Impl>();
  Impl &impl = *s->impl;
  impl.device = device;
  // Room for every step's tensor maps, encoded at the first run.
  for (const engine::Step &st : engine->steps) {
    impl.maps.emplace_back(st.tensorMaps.size());
    impl.mapAddresses.emplace_back(st.tensorMaps.size(), 0);
  }

  for (size_t i = 0; i < engine->modules.size(); ++i) {
    const engine::Module &m = engine->modules[i];
    char log[4096] = {0};
    CUjit_option opts[] = {CU_JIT_ERROR_LOG_BUFFER,
                           CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES};
    void *vals[] = {log, reinterpret_cast<void *>(uintptr_t(sizeof(log) - 1))};
    CUmodule mod;
    CUresult r = d.cuModuleLoadDataEx(&mod, engine->code.data() + m.offset, 2,
                                      opts, vals);
    if (r != CUDA_SUCCESS) {
      Status e = cuError(r, "loading module " + std::to_string(i) + " of " +
                                engine->target + " code");
      if (log[0])
        e.message += ": " + std::string(log);
      return fail(e);
    }
    impl.modules.push_back(mod);
  }
  for (const engine::Kernel &k : engine->kernels) {
    CUfunction f;
    CUresult r =
        d.cuModuleGetFunction(&f, impl.modules[k.module], k.name.c_str());
    if (r != CUDA_SUCCESS)
      return fail(cuError(r, "kernel '" + k.name + "' is not in its module"));
    impl.functions.push_back(f);
  }
  for (const engine::Step &st : engine->steps)
    if (st.kind == engine::StepKind::Launch && st.sharedBytes > 48 * 1024) {
      CUresult r = d.cuFuncSetAttribute(
          impl.functions[st.kernel],
          CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, st.sharedBytes);
      if (r != CUDA_SUCCESS)
        return fail(cuError(r, "step '" + st.label + "' needs " +
                                   std::to_string(st.sharedBytes) +
                                   " bytes of shared memory"));
    }
  auto alloc = [&](CUdeviceptr &p, size_t bytes, const char *what) {
    CUresult r = d.cuMemAlloc(&p, bytes ? bytes : 1);
    if (r != CUDA_SUCCESS)
      return cuError(r, std::string("allocating the ") + what + " (" +
                            std::to_string(bytes) + " bytes) on " + info.name);
    return Status();
  };
  if (Status e = alloc(impl.arena, engine->arenaSize, "arena"); !e.ok())
    return fail(e);
  if (Status e = alloc(impl.weights, engine->weights.size(), "weights");
      !e.ok())
    return fail(e);
  if (!engine->weights.empty()) {
    CUresult r = d.cuMemcpyHtoD(impl.weights, engine->weights.data(),
                                engine->weights.size());
    if (r != CUDA_SUCCESS)
      return fail(cuError(r, "uploading the weights"));
  }
  status = Status();
  return s;
}

/// A readable name for a step argument's buffer.
static std::string bufferName(const engine::Engine &e,
                              const engine::BufferRef &r) {
  switch (r.space) {
  case engine::Space::Input:
    return "input '" + e.inputs[r.index].name + "'";
  case engine::Space::Output:
    return "output '" + e.outputs[r.index].name + "'";
  case engine::Space::Weights:
    return "the weights at offset " + std::to_string(r.offset);
  default:
    return "the arena at offset " + std::to_string(r.offset);
  }
}

Status Session::encodeTensorMaps(size_t stepIndex,
                                 const std::vector<CUdeviceptr> &ptrs) {
  const engine::Step &st = engine->steps[stepIndex];
  std::vector<CUtensorMap> &maps = impl->maps[stepIndex];
  std::vector<CUdeviceptr> &addrs = impl->mapAddresses[stepIndex];
  for (size_t i = 0; i < st.tensorMaps.size(); ++i) {
    const engine::TensorMap &t = st.tensorMaps[i];
    CUdeviceptr p = ptrs[t.arg];
    if (addrs[i] == p && p)
      continue;
    std::string what = "step '" + st.label + "': the tensor map over " +
                       bufferName(*engine, st.args[t.arg]);
    if (p % 16)
      return Status::error(StatusCode::InvalidArgument,
                           what + " needs a 16-byte aligned address, not " +
                               std::to_string(p));
    CUtensorMapDataType type;
    switch (t.dtype) {
    case engine::DType::F16:
      type = CU_TENSOR_MAP_DATA_TYPE_FLOAT16;
      break;
    case engine::DType::BF16:
      type = CU_TENSOR_MAP_DATA_TYPE_BFLOAT16;
      break;
    case engine::DType::F32:
      type = CU_TENSOR_MAP_DATA_TYPE_FLOAT32;
      break;
    case engine::DType::U8:
    case engine::DType::I8:
    case engine::DType::Bool:
      type = CU_TENSOR_MAP_DATA_TYPE_UINT8;
      break;
    default:
      return Status::error(StatusCode::InvalidEngine,
                           what + " has element type " +
                               engine::dtypeName(t.dtype) +
                               ", which the runtime does not map");
    }
    // engine::verify checked the ranks and ranges.
    cuuint64_t dims[5], strides[4];
    cuuint32_t box[5], elementStrides[5];
    int lower[3], upper[3];
    for (size_t d = 0; d < t.dims.size(); ++d) {
      dims[d] = t.dims[d];
      box[d] = t.box.empty() ? 1 : t.box[d];
      elementStrides[d] = t.elementStrides.empty() ? 1 : t.elementStrides[d];
      if (d)
        strides[d - 1] = t.strides[d - 1];
    }
    for (size_t d = 0; d < t.lowerCorner.size(); ++d) {
      lower[d] = t.lowerCorner[d];
      upper[d] = t.upperCorner[d];
    }
    CUresult r =
        t.mode == engine::TensorMapMode::Im2col
            ? driver().cuTensorMapEncodeIm2col(
                  &maps[i], type, cuuint32_t(t.dims.size()),
                  reinterpret_cast<void *>(p), dims, strides, lower, upper,
                  t.channelsPerPixel, t.pixelsPerColumn, elementStrides,
                  CU_TENSOR_MAP_INTERLEAVE_NONE, CUtensorMapSwizzle(t.swizzle),
                  CUtensorMapL2promotion(t.l2Promotion),
                  CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE)
            : driver().cuTensorMapEncodeTiled(
                  &maps[i], type, cuuint32_t(t.dims.size()),
                  reinterpret_cast<void *>(p), dims, strides, box,
                  elementStrides, CU_TENSOR_MAP_INTERLEAVE_NONE,
                  CUtensorMapSwizzle(t.swizzle),
                  CUtensorMapL2promotion(t.l2Promotion),
                  CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE);
    if (r != CUDA_SUCCESS)
      return cuError(r, what + " cannot be encoded");
    addrs[i] = p;
  }
  return Status();
}

Status Session::enqueue(const std::vector<const void *> &inputs,
                        const std::vector<void *> &outputs, void *streamPtr,
                        std::vector<float> *stepMs) {
  Driver &d = driver();
  CUstream stream = static_cast<CUstream>(streamPtr);
  auto resolve = [&](const engine::BufferRef &r) -> CUdeviceptr {
    switch (r.space) {
    case engine::Space::Arena:
      return impl->arena + r.offset;
    case engine::Space::Weights:
      return impl->weights + r.offset;
    case engine::Space::Input:
      return reinterpret_cast<CUdeviceptr>(inputs[r.index]) + r.offset;
    case engine::Space::Output:
      return reinterpret_cast<CUdeviceptr>(outputs[r.index]) + r.offset;
    }
    return 0;
  };
  std::unique_ptr<EventTimer> timer;
  if (stepMs) {
    Status s;
    timer = EventTimer::create(s);
    if (!s.ok())
      return s;
  }
  std::vector<CUdeviceptr> ptrs;
  std::vector<void *> params;
  for (size_t si = 0; si < engine->steps.size(); ++si) {
    const engine::Step &st = engine->steps[si];
    if (timer)
      if (Status s = timer->start(stream); !s.ok())
        return s;
    ptrs.clear();
    for (const engine::BufferRef &r : st.args)
      ptrs.push_back(resolve(r));
    if (st.kind == engine::StepKind::Copy) {
      RT_CU(d.cuMemcpyDtoDAsync(ptrs[0], ptrs[1], st.args[0].size, stream),
            "step '" + st.label + "' (copy)");
    } else {
      params.clear();
      for (CUdeviceptr &p : ptrs)
        params.push_back(&p);
      if (!st.tensorMaps.empty()) {
        if (Status s = encodeTensorMaps(si, ptrs); !s.ok())
          return s;
        for (CUtensorMap &m : impl->maps[si])
          params.push_back(&m);
      }
      RT_CU(d.cuLaunchKernel(impl->functions[st.kernel], st.grid[0], st.grid[1],
                             st.grid[2], st.block[0], st.block[1], st.block[2],
                             st.sharedBytes, stream, params.data(), nullptr),
            "launching step '" + st.label + "'");
    }
    if (timer) {
      float ms = 0;
      if (Status s = timer->stop(stream, ms); !s.ok())
        return Status::error(s.code, "step '" + st.label + "': " + s.message);
      stepMs->push_back(ms);
    }
  }
  return Status();
}

static Status checkBindings(const engine::Engine &e,
                            const std::vector<const void *> &inputs,
                            const std::vector<void *> &outputs) {
  if (inputs.size() != e.inputs.size() || outputs.size() != e.outputs.size())
    return Status::error(StatusCode::InvalidArgument,
                         "the engine takes " + std::to_string(e.inputs.size()) +
                             " inputs and " + std::to_string(e.outputs.size()) +
                             " outputs; got " + std::to_string(inputs.size()) +
                             " and " + std::to_string(outputs.size()));
  for (size_t i = 0; i < inputs.size(); ++i)
    if (!inputs[i] && e.inputs[i].bytes())
      return Status::error(StatusCode::InvalidArgument,
                           "input '" + e.inputs[i].name + "' is null");
  for (size_t i = 0; i < outputs.size(); ++i)
    if (!outputs[i] && e.outputs[i].bytes())
      return Status::error(StatusCode::InvalidArgument,
                           "output '" + e.outputs[i].name + "' is null");
  return Status();
}

Status Session::run(const std::vector<const void *> &inputs,
                    const std::vector<void *> &outputs, void *streamPtr,
                    bool useGraph) {
  if (Status s = checkBindings(*engine, inputs, outputs); !s.ok())
    return s;
  if (Status s = useDevice(impl->device); !s.ok())
    return s;
  // Graph capture needs a stream other than the legacy default stream.
  if (!useGraph || !streamPtr)
    return enqueue(inputs, outputs, streamPtr, nullptr);
  Driver &d = driver();
  CUstream stream = static_cast<CUstream>(streamPtr);
  std::vector<uintptr_t> key;
  for (const void *p : inputs)
    key.push_back(reinterpret_cast<uintptr_t>(p));
  for (void *p : outputs)
    key.push_back(reinterpret_cast<uintptr_t>(p));
  auto it = impl->graphs.find(key);
  if (it == impl->graphs.end()) {
    // Callers that rotate among many buffers would grow the cache without
    // bound: keep at most kMaxGraphs instantiated graphs.
    constexpr size_t kMaxGraphs = 16;
    if (impl->graphs.size() >= kMaxGraphs) {
      if (Status s = synchronize(streamPtr); !s.ok())
        return s;
      for (auto &g : impl->graphs)
        d.cuGraphExecDestroy(g.second);
      impl->graphs.clear();
    }
    RT_CU(d.cuStreamBeginCapture(stream, CU_STREAM_CAPTURE_MODE_THREAD_LOCAL),
          "capturing a CUDA graph");
    Status s = enqueue(inputs, outputs, streamPtr, nullptr);
    CUgraph graph = nullptr;
    CUresult r = d.cuStreamEndCapture(stream, &graph);
    if (!s.ok()) {
      if (graph)
        d.cuGraphDestroy(graph);
      return s;
    }
    if (r != CUDA_SUCCESS)
      return cuError(r, "capturing a CUDA graph");
    CUgraphExec exec;
    r = d.cuGraphInstantiateWithFlags(&exec, graph, 0);
    d.cuGraphDestroy(graph);
    if (r != CUDA_SUCCESS)
      return cuError(r, "instantiating the CUDA graph");
    it = impl->graphs.emplace(key, exec).first;
  }
  RT_CU(d.cuGraphLaunch(it->second, stream), "launching the CUDA graph");
  return Status();
}

Status Session::profile(const std::vector<const void *> &inputs,
                        const std::vector<void *> &outputs, void *stream,
                        std::vector<float> &stepMs) {
  if (Status s = checkBindings(*engine, inputs, outputs); !s.ok())
    return s;
  if (Status s = useDevice(impl->device); !s.ok())
    return s;
  stepMs.clear();
  return enqueue(inputs, outputs, stream, &stepMs);
}
