//===- CAPI.cpp - C API of the rt runtime ---------------------------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#include "rt-c/Runtime.h"
#include "rt/Runtime/Runtime.h"

using namespace rt;
using namespace rt::runtime;

struct rtEngineImpl {
  std::shared_ptr<const engine::Engine> engine;
};
struct rtSessionImpl {
  std::unique_ptr<Session> session;
};

static thread_local std::string lastError;

static rtStatus report(const Status &s) {
  lastError = s.message;
  return static_cast<rtStatus>(s.code);
}
static rtStatus invalid(const char *msg) {
  lastError = msg;
  return RT_ERROR_INVALID_ARGUMENT;
}

const char *rtGetLastErrorMessage(void) { return lastError.c_str(); }

rtStatus rtEngineLoadFile(const char *path, rtEngine *out) {
  if (!path || !out)
    return invalid("rtEngineLoadFile: null argument");
  Status s;
  auto e = loadEngineFile(path, s);
  if (!s.ok())
    return report(s);
  *out = new rtEngineImpl{std::move(e)};
  return RT_SUCCESS;
}

rtStatus rtEngineLoadMemory(const void *data, size_t size, rtEngine *out) {
  if (!data || !out)
    return invalid("rtEngineLoadMemory: null argument");
  Status s;
  auto e = loadEngineMemory(data, size, s);
  if (!s.ok())
    return report(s);
  *out = new rtEngineImpl{std::move(e)};
  return RT_SUCCESS;
}

void rtEngineDestroy(rtEngine engine) { delete engine; }

int32_t rtEngineGetNumInputs(rtEngine e) {
  return e ? int32_t(e->engine->inputs.size()) : 0;
}
int32_t rtEngineGetNumOutputs(rtEngine e) {
  return e ? int32_t(e->engine->outputs.size()) : 0;
}

static rtStatus tensorInfo(const std::vector<engine::TensorDesc> &ts,
                           int32_t index, rtTensorInfo *info) {
  if (!info || index < 0 || size_t(index) >= ts.size())
    return invalid("tensor index out of range");
  const engine::TensorDesc &t = ts[index];
  info->name = t.name.c_str();
  info->dtype = static_cast<rtDataType>(t.dtype);
  info->rank = int32_t(t.shape.size());
  info->shape = t.shape.data();
  info->bytes = size_t(t.bytes());
  return RT_SUCCESS;
}
rtStatus rtEngineGetInput(rtEngine e, int32_t index, rtTensorInfo *info) {
  if (!e)
    return invalid("rtEngineGetInput: null engine");
  return tensorInfo(e->engine->inputs, index, info);
}
rtStatus rtEngineGetOutput(rtEngine e, int32_t index, rtTensorInfo *info) {
  if (!e)
    return invalid("rtEngineGetOutput: null engine");
  return tensorInfo(e->engine->outputs, index, info);
}
const char *rtEngineGetTarget(rtEngine e) {
  return e ? e->engine->target.c_str() : "";
}

rtStatus rtSessionCreate(rtEngine e, int32_t device, rtSession *out) {
  if (!e || !out)
    return invalid("rtSessionCreate: null argument");
  Status s;
  auto session = Session::create(e->engine, device, s);
  if (!s.ok())
    return report(s);
  *out = new rtSessionImpl{std::move(session)};
  return RT_SUCCESS;
}

void rtSessionDestroy(rtSession s) { delete s; }

rtStatus rtSessionRun(rtSession s, const void *const *inputs,
                      void *const *outputs, void *stream, int32_t useGraph) {
  if (!s)
    return invalid("rtSessionRun: null session");
  const engine::Engine &e = s->session->getEngine();
  if ((!inputs && !e.inputs.empty()) || (!outputs && !e.outputs.empty()))
    return invalid("rtSessionRun: null input or output array");
  std::vector<const void *> in(inputs, inputs + e.inputs.size());
  std::vector<void *> out(outputs, outputs + e.outputs.size());
  Status st = s->session->run(in, out, stream, useGraph != 0);
  if (!st.ok())
    return report(st);
  return RT_SUCCESS;
}
