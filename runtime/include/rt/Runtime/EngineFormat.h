//===- EngineFormat.h - the rt engine file format ---------------*- C++ -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// An engine is what the compiler hands the runtime: GPU code (PTX or cubin
// modules), the launch sequence with each argument bound to a buffer, the
// size of the one arena that holds every intermediate tensor, the weights,
// and the names, shapes and element types of the inputs and outputs. It holds
// no host code: the runtime only passes modules to the CUDA driver.
//
// Layout (little-endian):
//   header   (kHeaderSize bytes) magic "RTENGINE", format version, header
//            size, file size, FNV-1a-64 checksum of the whole file (the
//            checksum field read as zeros), then offset and size of the
//            three sections, the target SM version, zeros
//   metadata target, tensors, modules, kernels, steps (length-prefixed)
//   code     module images, 256-byte aligned
//   weights  one blob, 256-byte aligned; steps address it by offset
//
// Reading checks every count, offset and size against the bytes that are
// there: a truncated or corrupted engine is an error, never a crash.
//
// This library depends on nothing but the C++ standard library, so that the
// compiler (which writes engines) and the runtime (which reads them) share it.
//
//===----------------------------------------------------------------------===//

#ifndef RT_RUNTIME_ENGINEFORMAT_H
#define RT_RUNTIME_ENGINEFORMAT_H

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace rt {
namespace engine {

constexpr char kMagic[8] = {'R', 'T', 'E', 'N', 'G', 'I', 'N', 'E'};
/// Version 2 added each step's `detail`, version 3 its tensor maps, version 4
/// im2col tensor maps and traversal strides; older engines still load.
constexpr uint32_t kFormatVersion = 4;
constexpr uint32_t kMinFormatVersion = 1;
constexpr uint32_t kHeaderSize = 96;
constexpr uint64_t kAlignment = 256;
/// The largest arena, and the most elements of an input or output, an
/// engine may declare (256 Ti): far above any GPU's memory, far below sizes
/// whose byte counts could overflow.
constexpr uint64_t kMaxBufferBytes = uint64_t(1) << 48;

/// Element types of engine inputs and outputs.
enum class DType : uint32_t {
  F32 = 1,
  F16 = 2,
  BF16 = 3,
  F64 = 4,
  I8 = 5,
  I16 = 6,
  I32 = 7,
  I64 = 8,
  U8 = 9,
  U16 = 10,
  U32 = 11,
  U64 = 12,
  Bool = 13,
};
/// Bytes per element, 0 for an unknown type.
size_t dtypeSize(DType t);
/// NumPy-style name ("float16"), "?" for an unknown type.
const char *dtypeName(DType t);

/// Where a buffer lives.
enum class Space : uint32_t {
  Arena = 0,   ///< the engine's intermediate arena (offset into it)
  Weights = 1, ///< the weights blob (offset into it)
  Input = 2,   ///< the user's input `index`
  Output = 3,  ///< the user's output `index`
};

/// A byte range of one buffer.
struct BufferRef {
  Space space = Space::Arena;
  uint32_t index = 0; ///< input/output number; 0 for arena and weights
  uint64_t offset = 0;
  uint64_t size = 0;
};

struct TensorDesc {
  std::string name;
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  /// Number of elements and bytes (computed, not stored).
  uint64_t numElements() const;
  uint64_t bytes() const { return numElements() * dtypeSize(dtype); }
};

enum class ModuleFormat : uint32_t { PTX = 0, Cubin = 1 };

struct Module {
  ModuleFormat format = ModuleFormat::Cubin;
  uint64_t offset = 0; ///< into the code section
  uint64_t size = 0;
};

struct Kernel {
  std::string name; ///< symbol in its module
  uint32_t module = 0;
};

enum class StepKind : uint32_t {
  Launch = 0, ///< launch `kernel` with `args` as pointer parameters
  Copy = 1,   ///< device copy: args[0] (destination) <- args[1] (source)
};

/// How a tensor map's loads walk the tensor.
enum class TensorMapMode : uint32_t {
  /// A box of `box` elements (cuTensorMapEncodeTiled).
  Tiled = 0,
  /// im2col (cuTensorMapEncodeIm2col): the tensor is channels-last
  /// {C, W, H, N} (rank 3 to 5: {C, W, N} to {C, W, H, D, N}); a load
  /// copies `pixelsPerColumn` pixels of `channelsPerPixel` channels, walking
  /// the pixels of the bounding box (`lowerCorner` to the last pixel plus
  /// `upperCorner` in each spatial dimension, innermost first) in steps of
  /// `elementStrides`, from a base pixel shifted by the load's im2col
  /// offsets (the filter tap). Pixels outside the tensor read zeros.
  Im2col = 1,
};

/// A TMA tensor map (CUtensorMap) over one of a launch's buffers. Its bytes
/// embed the buffer's address, so the runtime encodes it
/// (cuTensorMapEncodeTiled or cuTensorMapEncodeIm2col) once the buffer is
/// placed, and passes it by value (a 128-byte `__grid_constant__`
/// parameter) after the step's buffer pointers, in order. There is no
/// interleave, and loads outside the tensor read zeros.
struct TensorMap {
  uint32_t arg = 0; ///< the step argument (buffer) it describes
  DType dtype = DType::F16;
  TensorMapMode mode = TensorMapMode::Tiled; ///< version 4
  /// Extents, innermost first (1 to 5 dimensions; im2col 3 to 5).
  std::vector<uint64_t> dims;
  /// Byte strides of dims[1..] (one fewer than dims; multiples of 16).
  std::vector<uint64_t> strides;
  /// Tiled: the box one load copies, innermost first (1 to 256 each).
  /// Empty for im2col maps.
  std::vector<uint32_t> box;
  /// Traversal strides, one per dimension (1 to 8; the first is ignored);
  /// all 1 when empty (versions before 4).
  std::vector<uint32_t> elementStrides;
  /// im2col: the bounding box's corners, one per spatial dimension
  /// (rank - 2, innermost first): [-2^15, 2^15) at rank 3, [-128, 128) at
  /// rank 4, [-16, 16) at rank 5.
  std::vector<int32_t> lowerCorner, upperCorner;
  /// im2col: channels (1 to 256) and pixels (1 to 1024) one load copies.
  uint32_t channelsPerPixel = 0;
  uint32_t pixelsPerColumn = 0;
  /// CUtensorMapSwizzle: 0 none, 1 32-byte, 2 64-byte, 3 128-byte.
  uint32_t swizzle = 0;
  /// CUtensorMapL2promotion: 0 none, 1 64-byte, 2 128-byte, 3 256-byte.
  uint32_t l2Promotion = 0;
};

struct Step {
  StepKind kind = StepKind::Launch;
  std::string label; ///< the fusion group (ONNX node) it implements
  /// The kernel generator and its tile ("wgmma_gemm 128x192x64, 4 stages"),
  /// for profiles; empty for copies and version-1 engines.
  std::string detail;
  uint32_t kernel = 0;
  std::array<uint32_t, 3> grid = {1, 1, 1};
  std::array<uint32_t, 3> block = {1, 1, 1};
  uint32_t sharedBytes = 0;
  std::vector<BufferRef> args;
  /// Kernel parameters after `args` (version 3; im2col maps version 4).
  std::vector<TensorMap> tensorMaps;
};

/// An engine in memory. `code` and `weights` hold the section bytes.
struct Engine {
  std::string target;     ///< "sm_90a"
  uint32_t smVersion = 0; ///< 10 * major + minor: 90
  std::string producer;   ///< compiler and options that built it
  uint64_t arenaSize = 0;
  std::vector<TensorDesc> inputs, outputs;
  std::vector<Module> modules;
  std::vector<Kernel> kernels;
  std::vector<Step> steps;
  std::vector<uint8_t> code;
  std::vector<uint8_t> weights;
};

/// FNV-1a 64-bit hash.
uint64_t fnv1a64(const uint8_t *data, size_t size);

/// Serializes `engine` in format `version` (kMinFormatVersion to
/// kFormatVersion; older versions drop step details, and cannot hold tensor
/// maps); checks it
/// first (see `verify`), returning the problem in `error` and an empty
/// vector if it does not hold.
std::vector<uint8_t> write(const Engine &engine, std::string &error,
                           uint32_t version = kFormatVersion);

/// Parses and checks an engine image. On failure returns false and a
/// message naming what is wrong (`source` names the file in messages).
bool read(const uint8_t *data, size_t size, Engine &engine, std::string &error,
          const std::string &source = "engine");

/// Checks the references inside an engine: modules in the code section,
/// kernels in modules, every step's buffers inside their space, launch
/// dimensions within CUDA's limits. Returns an empty string or the problem.
std::string verify(const Engine &engine);

/// Whether code built for `engine` can run on a device of compute
/// capability major.minor; otherwise a message saying why not.
std::string checkArch(const Engine &engine, int major, int minor);

} // namespace engine
} // namespace rt

#endif // RT_RUNTIME_ENGINEFORMAT_H
