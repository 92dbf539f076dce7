/*===- rt-c/Runtime.h - C API of the rt runtime -------------------*- C -*-===*\
|*                                                                            *|
|* Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.  *|
|*                                                                            *|
|* Load an engine, create a session on a GPU, run it on a CUDA stream. Every  *|
|* function returns a status; rtGetLastErrorMessage() gives the message of    *|
|* the last failure on the calling thread.                                    *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef RT_C_RUNTIME_H
#define RT_C_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  RT_SUCCESS = 0,
  RT_ERROR_INVALID_ENGINE = 1,
  RT_ERROR_NO_DEVICE = 2,
  RT_ERROR_ARCH_MISMATCH = 3,
  RT_ERROR_OUT_OF_MEMORY = 4,
  RT_ERROR_CUDA = 5,
  RT_ERROR_INVALID_ARGUMENT = 6,
  RT_ERROR_IO = 7,
} rtStatus;

typedef struct rtEngineImpl *rtEngine;
typedef struct rtSessionImpl *rtSession;

/* Element types, as in the engine format. */
typedef enum {
  RT_FLOAT32 = 1,
  RT_FLOAT16 = 2,
  RT_BFLOAT16 = 3,
  RT_FLOAT64 = 4,
  RT_INT8 = 5,
  RT_INT16 = 6,
  RT_INT32 = 7,
  RT_INT64 = 8,
  RT_UINT8 = 9,
  RT_UINT16 = 10,
  RT_UINT32 = 11,
  RT_UINT64 = 12,
  RT_BOOL = 13,
} rtDataType;

typedef struct {
  const char *name; /* valid while the engine lives */
  rtDataType dtype;
  int32_t rank;
  const int64_t *shape;
  size_t bytes;
} rtTensorInfo;

/* The message of the last failure on this thread ("" if none). */
const char *rtGetLastErrorMessage(void);

/* Engines: read and checked on the host; no GPU needed. */
rtStatus rtEngineLoadFile(const char *path, rtEngine *engine);
rtStatus rtEngineLoadMemory(const void *data, size_t size, rtEngine *engine);
void rtEngineDestroy(rtEngine engine);
int32_t rtEngineGetNumInputs(rtEngine engine);
int32_t rtEngineGetNumOutputs(rtEngine engine);
rtStatus rtEngineGetInput(rtEngine engine, int32_t index, rtTensorInfo *info);
rtStatus rtEngineGetOutput(rtEngine engine, int32_t index, rtTensorInfo *info);
/* "sm_90a" */
const char *rtEngineGetTarget(rtEngine engine);

/* Sessions: the engine's code, arena and weights on GPU `device`. */
rtStatus rtSessionCreate(rtEngine engine, int32_t device, rtSession *session);
void rtSessionDestroy(rtSession session);
/* Enqueues one inference on `stream` (a CUstream; NULL: default stream).
 * `inputs`/`outputs` are device pointers in engine order. With use_graph,
 * the first run per set of pointers captures a CUDA graph, later runs
 * replay it (needs a non-default stream). */
rtStatus rtSessionRun(rtSession session, const void *const *inputs,
                      void *const *outputs, void *stream, int32_t use_graph);

#ifdef __cplusplus
}
#endif

#endif /* RT_C_RUNTIME_H */
