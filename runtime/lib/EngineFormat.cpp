//===- EngineFormat.cpp - the rt engine file format -----------------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#include "rt/Runtime/EngineFormat.h"

#include <algorithm>
#include <cstring>
#include <limits>

using namespace rt::engine;

size_t rt::engine::dtypeSize(DType t) {
  switch (t) {
  case DType::F64:
  case DType::I64:
  case DType::U64:
    return 8;
  case DType::F32:
  case DType::I32:
  case DType::U32:
    return 4;
  case DType::F16:
  case DType::BF16:
  case DType::I16:
  case DType::U16:
    return 2;
  case DType::I8:
  case DType::U8:
  case DType::Bool:
    return 1;
  }
  return 0;
}

const char *rt::engine::dtypeName(DType t) {
  switch (t) {
  case DType::F32:
    return "float32";
  case DType::F16:
    return "float16";
  case DType::BF16:
    return "bfloat16";
  case DType::F64:
    return "float64";
  case DType::I8:
    return "int8";
  case DType::I16:
    return "int16";
  case DType::I32:
    return "int32";
  case DType::I64:
    return "int64";
  case DType::U8:
    return "uint8";
  case DType::U16:
    return "uint16";
  case DType::U32:
    return "uint32";
  case DType::U64:
    return "uint64";
  case DType::Bool:
    return "bool";
  }
  return "?";
}

uint64_t TensorDesc::numElements() const {
  uint64_t n = 1;
  for (int64_t d : shape)
    n *= static_cast<uint64_t>(d);
  return n;
}

uint64_t rt::engine::fnv1a64(const uint8_t *data, size_t size) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < size; ++i) {
    h ^= data[i];
    h *= 0x100000001b3ull;
  }
  return h;
}

/// FNV-1a over the whole image with the checksum field read as zeros.
static uint64_t checksumOf(const uint8_t *data, size_t size);

static uint64_t alignUp(uint64_t v) {
  return (v + kAlignment - 1) / kAlignment * kAlignment;
}

//===----------------------------------------------------------------------===//
// Writing
//===----------------------------------------------------------------------===//

namespace {
struct Writer {
  std::vector<uint8_t> bytes;
  void raw(const void *p, size_t n) {
    const auto *b = static_cast<const uint8_t *>(p);
    bytes.insert(bytes.end(), b, b + n);
  }
  void u32(uint32_t v) {
    for (int i = 0; i < 4; ++i)
      bytes.push_back(uint8_t(v >> (8 * i)));
  }
  void u64(uint64_t v) {
    for (int i = 0; i < 8; ++i)
      bytes.push_back(uint8_t(v >> (8 * i)));
  }
  void str(const std::string &s) {
    u32(uint32_t(s.size()));
    raw(s.data(), s.size());
  }
  void pad(size_t to) { bytes.resize(to, 0); }
};

void putU64At(std::vector<uint8_t> &b, size_t at, uint64_t v) {
  for (int i = 0; i < 8; ++i)
    b[at + i] = uint8_t(v >> (8 * i));
}
void putU32At(std::vector<uint8_t> &b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    b[at + i] = uint8_t(v >> (8 * i));
}

void writeTensors(Writer &w, const std::vector<TensorDesc> &ts) {
  w.u32(uint32_t(ts.size()));
  for (const TensorDesc &t : ts) {
    w.str(t.name);
    w.u32(uint32_t(t.dtype));
    w.u32(uint32_t(t.shape.size()));
    for (int64_t d : t.shape)
      w.u64(uint64_t(d));
  }
}
} // namespace

// Header field offsets.
enum : size_t {
  kOffVersion = 8,
  kOffHeaderSize = 12,
  kOffFileSize = 16,
  kOffChecksum = 24,
  kOffMeta = 32,
  kOffCode = 48,
  kOffWeights = 64,
  kOffSm = 80,
};

static uint64_t checksumOf(const uint8_t *data, size_t size) {
  uint8_t zeros[8] = {0};
  uint64_t h = 0xcbf29ce484222325ull;
  auto mix = [&](const uint8_t *p, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      h ^= p[i];
      h *= 0x100000001b3ull;
    }
  };
  mix(data, kOffChecksum);
  mix(zeros, 8);
  mix(data + kOffChecksum + 8, size - kOffChecksum - 8);
  return h;
}

std::vector<uint8_t> rt::engine::write(const Engine &e, std::string &error,
                                       uint32_t version) {
  if (version < kMinFormatVersion || version > kFormatVersion) {
    error = "engine format version " + std::to_string(version) +
            " cannot be written (versions " +
            std::to_string(kMinFormatVersion) + " to " +
            std::to_string(kFormatVersion) + ")";
    return {};
  }
  error = verify(e);
  if (!error.empty())
    return {};
  for (const Step &s : e.steps)
    for (const TensorMap &t : s.tensorMaps) {
      uint32_t needs = 3;
      if (t.mode != TensorMapMode::Tiled ||
          std::any_of(t.elementStrides.begin(), t.elementStrides.end(),
                      [](uint32_t v) { return v != 1; }))
        needs = 4;
      if (version < needs) {
        error = "step '" + s.label + "' passes " +
                (needs == 3 ? "tensor maps" : "im2col or strided tensor maps") +
                ", which engine format version " + std::to_string(version) +
                " cannot hold (version " + std::to_string(needs) + " or later)";
        return {};
      }
    }
  Writer meta;
  meta.str(e.target);
  meta.str(e.producer);
  meta.u64(e.arenaSize);
  writeTensors(meta, e.inputs);
  writeTensors(meta, e.outputs);
  meta.u32(uint32_t(e.modules.size()));
  for (const Module &m : e.modules) {
    meta.u32(uint32_t(m.format));
    meta.u64(m.offset);
    meta.u64(m.size);
  }
  meta.u32(uint32_t(e.kernels.size()));
  for (const Kernel &k : e.kernels) {
    meta.str(k.name);
    meta.u32(k.module);
  }
  meta.u32(uint32_t(e.steps.size()));
  for (const Step &s : e.steps) {
    meta.u32(uint32_t(s.kind));
    meta.str(s.label);
    if (version >= 2)
      meta.str(s.detail);
    meta.u32(s.kernel);
    for (uint32_t g : s.grid)
      meta.u32(g);
    for (uint32_t b : s.block)
      meta.u32(b);
    meta.u32(s.sharedBytes);
    meta.u32(uint32_t(s.args.size()));
    for (const BufferRef &a : s.args) {
      meta.u32(uint32_t(a.space));
      meta.u32(a.index);
      meta.u64(a.offset);
      meta.u64(a.size);
    }
    if (version >= 3) {
      meta.u32(uint32_t(s.tensorMaps.size()));
      for (const TensorMap &t : s.tensorMaps) {
        meta.u32(t.arg);
        meta.u32(uint32_t(t.dtype));
        meta.u32(t.swizzle);
        meta.u32(t.l2Promotion);
        meta.u32(uint32_t(t.dims.size()));
        for (uint64_t d : t.dims)
          meta.u64(d);
        for (uint64_t st : t.strides)
          meta.u64(st);
        if (version >= 4) {
          meta.u32(uint32_t(t.mode));
          meta.u32(uint32_t(t.elementStrides.size()));
          for (uint32_t es : t.elementStrides)
            meta.u32(es);
        }
        if (t.mode == TensorMapMode::Tiled) {
          for (uint32_t b : t.box)
            meta.u32(b);
          continue;
        }
        meta.u32(t.channelsPerPixel);
        meta.u32(t.pixelsPerColumn);
        for (int32_t c : t.lowerCorner)
          meta.u32(uint32_t(c));
        for (int32_t c : t.upperCorner)
          meta.u32(uint32_t(c));
      }
    }
  }

  Writer out;
  out.raw(kMagic, sizeof(kMagic));
  out.pad(kHeaderSize);
  uint64_t metaOff = kHeaderSize;
  out.raw(meta.bytes.data(), meta.bytes.size());
  uint64_t codeOff = alignUp(out.bytes.size());
  out.pad(codeOff);
  out.raw(e.code.data(), e.code.size());
  uint64_t weightsOff = alignUp(out.bytes.size());
  out.pad(weightsOff);
  out.raw(e.weights.data(), e.weights.size());

  std::vector<uint8_t> &b = out.bytes;
  putU32At(b, kOffVersion, version);
  putU32At(b, kOffHeaderSize, kHeaderSize);
  putU64At(b, kOffFileSize, b.size());
  putU64At(b, kOffMeta, metaOff);
  putU64At(b, kOffMeta + 8, meta.bytes.size());
  putU64At(b, kOffCode, codeOff);
  putU64At(b, kOffCode + 8, e.code.size());
  putU64At(b, kOffWeights, weightsOff);
  putU64At(b, kOffWeights + 8, e.weights.size());
  putU32At(b, kOffSm, e.smVersion);
  putU64At(b, kOffChecksum, checksumOf(b.data(), b.size()));
  return std::move(out.bytes);
}

//===----------------------------------------------------------------------===//
// Reading
//===----------------------------------------------------------------------===//

namespace {
/// Bounds-checked reader over [data, data + size).
struct Reader {
  const uint8_t *data;
  size_t size;
  size_t pos = 0;
  std::string error;
  std::string what; ///< the part being read, for messages

  bool fail(const std::string &msg) {
    if (error.empty())
      error = msg;
    return false;
  }
  bool need(size_t n) {
    if (!error.empty())
      return false;
    if (n > size - pos)
      return fail("metadata ends early while reading " + what + " (needs " +
                  std::to_string(n) + " bytes at offset " +
                  std::to_string(pos) + " of " + std::to_string(size) + ")");
    return true;
  }
  uint32_t u32() {
    if (!need(4))
      return 0;
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i)
      v |= uint32_t(data[pos + i]) << (8 * i);
    pos += 4;
    return v;
  }
  uint64_t u64() {
    if (!need(8))
      return 0;
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
      v |= uint64_t(data[pos + i]) << (8 * i);
    pos += 8;
    return v;
  }
  std::string str() {
    uint32_t n = u32();
    if (!need(n))
      return {};
    std::string s(reinterpret_cast<const char *>(data + pos), n);
    pos += n;
    return s;
  }
  /// A count of items of at least `minBytes` each: bounded by what is left.
  uint32_t count(size_t minBytes) {
    uint32_t n = u32();
    if (error.empty() && uint64_t(n) * minBytes > size - pos) {
      fail(what + " count " + std::to_string(n) +
           " is larger than the metadata can hold");
      return 0;
    }
    return n;
  }
};

uint64_t getU64(const uint8_t *p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i)
    v |= uint64_t(p[i]) << (8 * i);
  return v;
}
uint32_t getU32(const uint8_t *p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i)
    v |= uint32_t(p[i]) << (8 * i);
  return v;
}

bool readTensors(Reader &r, std::vector<TensorDesc> &ts, const char *what) {
  r.what = what;
  uint32_t n = r.count(12);
  for (uint32_t i = 0; i < n && r.error.empty(); ++i) {
    TensorDesc t;
    t.name = r.str();
    t.dtype = DType(r.u32());
    uint32_t rank = r.count(8);
    if (rank > 64)
      return r.fail(std::string(what) + " '" + t.name + "' has rank " +
                    std::to_string(rank) + " (at most 64)");
    for (uint32_t d = 0; d < rank && r.error.empty(); ++d)
      t.shape.push_back(int64_t(r.u64()));
    ts.push_back(std::move(t));
  }
  return r.error.empty();
}
} // namespace

bool rt::engine::read(const uint8_t *data, size_t size, Engine &e,
                      std::string &error, const std::string &source) {
  auto fail = [&](const std::string &msg) {
    error = source + ": " + msg;
    return false;
  };
  if (size < sizeof(kMagic) || std::memcmp(data, kMagic, sizeof(kMagic)))
    return fail("not an rt engine (bad magic; expected 'RTENGINE')");
  if (size < kHeaderSize)
    return fail("truncated: " + std::to_string(size) +
                " bytes, shorter than the " + std::to_string(kHeaderSize) +
                "-byte header");
  uint32_t version = getU32(data + kOffVersion);
  if (version < kMinFormatVersion || version > kFormatVersion)
    return fail("engine format version " + std::to_string(version) +
                " is not supported (this runtime reads versions " +
                std::to_string(kMinFormatVersion) + " to " +
                std::to_string(kFormatVersion) + "); rebuild the engine");
  if (getU32(data + kOffHeaderSize) != kHeaderSize)
    return fail("corrupt header (header size " +
                std::to_string(getU32(data + kOffHeaderSize)) + ")");
  uint64_t fileSize = getU64(data + kOffFileSize);
  if (fileSize != size)
    return fail("truncated or padded: header says " + std::to_string(fileSize) +
                " bytes, file has " + std::to_string(size));
  uint64_t checksum = getU64(data + kOffChecksum);
  if (checksum != checksumOf(data, size))
    return fail("checksum mismatch: the engine is corrupted");

  struct Section {
    const char *name;
    uint64_t off, size;
  } sections[3] = {
      {"metadata", getU64(data + kOffMeta), getU64(data + kOffMeta + 8)},
      {"code", getU64(data + kOffCode), getU64(data + kOffCode + 8)},
      {"weights", getU64(data + kOffWeights), getU64(data + kOffWeights + 8)}};
  for (const Section &s : sections)
    if (s.off < kHeaderSize || s.off > size || s.size > size - s.off)
      return fail(std::string(s.name) + " section [" + std::to_string(s.off) +
                  ", +" + std::to_string(s.size) + ") lies outside the " +
                  std::to_string(size) + "-byte file after the " +
                  std::to_string(kHeaderSize) + "-byte header");
  // Sections may not share bytes: one region read as two things is how a
  // crafted file makes its metadata describe its own code or weights.
  for (int i = 0; i < 3; ++i)
    for (int j = i + 1; j < 3; ++j) {
      const Section &a = sections[i], &b = sections[j];
      if (a.size && b.size && a.off < b.off + b.size && b.off < a.off + a.size)
        return fail(std::string(a.name) + " section [" +
                    std::to_string(a.off) + ", +" + std::to_string(a.size) +
                    ") overlaps the " + b.name + " section [" +
                    std::to_string(b.off) + ", +" + std::to_string(b.size) +
                    ")");
    }

  for (size_t i = kOffSm + 4; i < kHeaderSize; ++i)
    if (data[i])
      return fail("corrupt header (reserved byte " + std::to_string(i) +
                  " is not zero)");
  e = Engine();
  e.smVersion = getU32(data + kOffSm);
  Reader r{data + sections[0].off, size_t(sections[0].size)};
  r.what = "header";
  e.target = r.str();
  e.producer = r.str();
  e.arenaSize = r.u64();
  readTensors(r, e.inputs, "input");
  readTensors(r, e.outputs, "output");
  r.what = "module";
  uint32_t nm = r.count(20);
  for (uint32_t i = 0; i < nm && r.error.empty(); ++i) {
    Module m;
    m.format = ModuleFormat(r.u32());
    m.offset = r.u64();
    m.size = r.u64();
    e.modules.push_back(m);
  }
  r.what = "kernel";
  uint32_t nk = r.count(8);
  for (uint32_t i = 0; i < nk && r.error.empty(); ++i) {
    Kernel k;
    k.name = r.str();
    k.module = r.u32();
    e.kernels.push_back(std::move(k));
  }
  r.what = "step";
  uint32_t ns = r.count(version >= 3 ? 48 : version >= 2 ? 44 : 40);
  for (uint32_t i = 0; i < ns && r.error.empty(); ++i) {
    Step s;
    s.kind = StepKind(r.u32());
    s.label = r.str();
    if (version >= 2)
      s.detail = r.str();
    s.kernel = r.u32();
    for (uint32_t &g : s.grid)
      g = r.u32();
    for (uint32_t &b : s.block)
      b = r.u32();
    s.sharedBytes = r.u32();
    r.what = "step argument";
    uint32_t na = r.count(24);
    for (uint32_t a = 0; a < na && r.error.empty(); ++a) {
      BufferRef ref;
      ref.space = Space(r.u32());
      ref.index = r.u32();
      ref.offset = r.u64();
      ref.size = r.u64();
      s.args.push_back(ref);
    }
    if (version >= 3) {
      r.what = "tensor map";
      uint32_t nt = r.count(20);
      for (uint32_t t = 0; t < nt && r.error.empty(); ++t) {
        TensorMap m;
        m.arg = r.u32();
        m.dtype = DType(r.u32());
        m.swizzle = r.u32();
        m.l2Promotion = r.u32();
        uint32_t rank = r.u32();
        if (rank < 1 || rank > 5) {
          r.error = "step '" + s.label + "' has a tensor map of rank " +
                    std::to_string(rank) + " (1 to 5)";
          break;
        }
        for (uint32_t d = 0; d < rank; ++d)
          m.dims.push_back(r.u64());
        for (uint32_t d = 1; d < rank; ++d)
          m.strides.push_back(r.u64());
        if (version >= 4) {
          m.mode = TensorMapMode(r.u32());
          uint32_t nes = r.u32();
          if (nes != 0 && nes != rank) {
            r.error = "step '" + s.label + "' has a tensor map of rank " +
                      std::to_string(rank) + " with " + std::to_string(nes) +
                      " traversal strides (none or one per dimension)";
            break;
          }
          for (uint32_t d = 0; d < nes; ++d)
            m.elementStrides.push_back(r.u32());
        }
        if (m.mode == TensorMapMode::Tiled) {
          for (uint32_t d = 0; d < rank; ++d)
            m.box.push_back(r.u32());
        } else if (m.mode == TensorMapMode::Im2col) {
          // verify() refuses ranks below 3 (no corners read here).
          m.channelsPerPixel = r.u32();
          m.pixelsPerColumn = r.u32();
          for (uint32_t d = 2; d < rank; ++d)
            m.lowerCorner.push_back(int32_t(r.u32()));
          for (uint32_t d = 2; d < rank; ++d)
            m.upperCorner.push_back(int32_t(r.u32()));
        } else {
          r.error = "step '" + s.label + "' has a tensor map of unknown mode " +
                    std::to_string(uint32_t(m.mode));
          break;
        }
        s.tensorMaps.push_back(std::move(m));
      }
    }
    r.what = "step";
    e.steps.push_back(std::move(s));
  }
  if (!r.error.empty())
    return fail(r.error);
  if (r.pos != r.size)
    return fail("metadata has " + std::to_string(r.size - r.pos) +
                " unexpected trailing bytes");
  e.code.assign(data + sections[1].off,
                data + sections[1].off + sections[1].size);
  e.weights.assign(data + sections[2].off,
                   data + sections[2].off + sections[2].size);
  std::string problem = verify(e);
  if (!problem.empty())
    return fail(problem);
  return true;
}

//===----------------------------------------------------------------------===//
// Checks
//===----------------------------------------------------------------------===//

/// a + b <= limit without overflow.
static bool fits(uint64_t a, uint64_t b, uint64_t limit) {
  return a <= limit && b <= limit - a;
}

static std::string checkTensor(const TensorDesc &t, const char *what) {
  if (dtypeSize(t.dtype) == 0)
    return std::string(what) + " '" + t.name + "' has unknown element type " +
           std::to_string(uint32_t(t.dtype));
  uint64_t n = 1;
  for (int64_t d : t.shape) {
    if (d < 0 || d > (int64_t(1) << 40))
      return std::string(what) + " '" + t.name + "' has invalid dimension " +
             std::to_string(d);
    if (d && n > kMaxBufferBytes / uint64_t(d))
      return std::string(what) + " '" + t.name + "' is too large";
    n *= uint64_t(d);
  }
  return {};
}

/// Checks tensor map `t` of step `s` (`where` names the step).
static std::string checkTensorMap(const Step &s, const TensorMap &t,
                                  const std::string &where) {
  std::string what =
      where + " tensor map over argument " + std::to_string(t.arg);
  if (s.kind != StepKind::Launch)
    return where + " is not a launch but has tensor maps";
  if (t.arg >= s.args.size())
    return what + " names a missing argument (the step has " +
           std::to_string(s.args.size()) + ")";
  uint64_t es = dtypeSize(t.dtype);
  if (es == 0)
    return what + " has unknown element type " +
           std::to_string(uint32_t(t.dtype));
  size_t rank = t.dims.size();
  bool im2col = t.mode == TensorMapMode::Im2col;
  if (t.mode != TensorMapMode::Tiled && !im2col)
    return what + " has unknown mode " + std::to_string(uint32_t(t.mode));
  size_t boxRank = im2col ? 0 : rank;
  if (rank < (im2col ? 3 : 1) || rank > 5 || t.strides.size() + 1 != rank ||
      t.box.size() != boxRank)
    return what + " has " + std::to_string(rank) + " dimensions, " +
           std::to_string(t.strides.size()) + " strides and " +
           std::to_string(t.box.size()) + " box extents (" +
           (im2col ? "3 to 5 dimensions and no box for im2col"
                   : "1 to 5 dimensions and a box extent each") +
           ", one stride fewer)";
  if (!t.elementStrides.empty() && t.elementStrides.size() != rank)
    return what + " has " + std::to_string(t.elementStrides.size()) +
           " traversal strides for " + std::to_string(rank) + " dimensions";
  for (uint32_t es : t.elementStrides)
    if (es < 1 || es > 8)
      return what + " has a traversal stride of " + std::to_string(es) +
             " (1 to 8)";
  if (t.swizzle > 3 || t.l2Promotion > 3)
    return what + " has an unknown swizzle or L2 promotion";
  // The extent the map covers, from its base, must lie in the buffer.
  uint64_t span = 0;
  for (size_t d = 0; d < rank; ++d) {
    if (t.dims[d] == 0 || t.dims[d] > (uint64_t(1) << 32) ||
        (!im2col && (t.box[d] == 0 || t.box[d] > 256)))
      return what + " has dimension " + std::to_string(d) + " of " +
             std::to_string(t.dims[d]) +
             (im2col ? std::string()
                     : " with a box of " + std::to_string(t.box[d])) +
             " (1 to 2^32" + (im2col ? "" : ", box 1 to 256") + ")";
    uint64_t stride = d == 0 ? es : t.strides[d - 1];
    if (d > 0 && (stride == 0 || stride % 16 || stride >= (uint64_t(1) << 40)))
      return what + " has a stride of " + std::to_string(stride) +
             " bytes (a non-zero multiple of 16 below 2^40)";
    // (dims[d] - 1) * stride without overflow: hostile extents must not
    // wrap around to a span that fits.
    if (t.dims[d] - 1 > (~uint64_t(0) - span) / stride)
      return what + " covers more than 2^64 bytes";
    span += (t.dims[d] - 1) * stride;
  }
  span += es;
  uint64_t rowElems = t.box.empty() ? 0 : t.box[0];
  if (im2col) {
    if (t.channelsPerPixel < 1 || t.channelsPerPixel > 256 ||
        t.pixelsPerColumn < 1 || t.pixelsPerColumn > 1024)
      return what + " loads " + std::to_string(t.pixelsPerColumn) +
             " pixels of " + std::to_string(t.channelsPerPixel) +
             " channels (1 to 1024 pixels of 1 to 256 channels)";
    rowElems = t.channelsPerPixel;
    // Corner ranges shrink as the rank grows (cuTensorMapEncodeIm2col).
    int64_t limit = rank == 3 ? 32768 : rank == 4 ? 128 : 16;
    if (t.lowerCorner.size() != rank - 2 || t.upperCorner.size() != rank - 2)
      return what + " has " + std::to_string(t.lowerCorner.size()) + " and " +
             std::to_string(t.upperCorner.size()) +
             " bounding-box corner offsets (" + std::to_string(rank - 2) +
             " each)";
    for (size_t d = 0; d + 2 < rank; ++d) {
      int64_t lo = t.lowerCorner[d], hi = t.upperCorner[d];
      if (lo < -limit || lo >= limit || hi < -limit || hi >= limit)
        return what + " has bounding-box corners " + std::to_string(lo) +
               " and " + std::to_string(hi) + " in spatial dimension " +
               std::to_string(d) + " (" + std::to_string(-limit) + " to " +
               std::to_string(limit - 1) + " at rank " + std::to_string(rank) +
               ")";
      // The box (lo to dims - 1 + hi) must hold at least one pixel.
      if (int64_t(t.dims[d + 1]) + hi - lo < 1)
        return what + "'s bounding box is empty in spatial dimension " +
               std::to_string(d);
    }
  }
  uint64_t rowBytes = rowElems * es;
  if (rowBytes % 16 || (t.swizzle && rowBytes > (uint64_t(16) << t.swizzle)))
    return what + "'s box rows are " + std::to_string(rowBytes) +
           " bytes (a multiple of 16, at most the swizzle span)";
  const BufferRef &r = s.args[t.arg];
  if (span > r.size)
    return what + " covers " + std::to_string(span) + " bytes of a " +
           std::to_string(r.size) + "-byte buffer";
  if (r.offset % 16)
    return what + " starts at offset " + std::to_string(r.offset) +
           " (tensor maps need 16-byte aligned buffers)";
  return {};
}

std::string rt::engine::verify(const Engine &e) {
  if (e.smVersion < 50 || e.smVersion > 1000)
    return "invalid target SM version " + std::to_string(e.smVersion);
  if (e.arenaSize > kMaxBufferBytes)
    return "arena of " + std::to_string(e.arenaSize) +
           " bytes is larger than 2^48 bytes";
  for (const TensorDesc &t : e.inputs)
    if (std::string p = checkTensor(t, "input"); !p.empty())
      return p;
  for (const TensorDesc &t : e.outputs)
    if (std::string p = checkTensor(t, "output"); !p.empty())
      return p;
  for (size_t i = 0; i < e.modules.size(); ++i) {
    const Module &m = e.modules[i];
    if (m.format != ModuleFormat::PTX && m.format != ModuleFormat::Cubin)
      return "module " + std::to_string(i) + " has unknown format " +
             std::to_string(uint32_t(m.format));
    if (m.size == 0 || !fits(m.offset, m.size, e.code.size()))
      return "module " + std::to_string(i) + " [" + std::to_string(m.offset) +
             ", +" + std::to_string(m.size) + ") lies outside the " +
             std::to_string(e.code.size()) + "-byte code section";
    if (m.format == ModuleFormat::PTX && e.code[m.offset + m.size - 1] != '\0')
      return "PTX module " + std::to_string(i) + " is not NUL-terminated";
  }
  for (size_t i = 0; i < e.kernels.size(); ++i)
    if (e.kernels[i].module >= e.modules.size() || e.kernels[i].name.empty())
      return "kernel " + std::to_string(i) + " ('" + e.kernels[i].name +
             "') names module " + std::to_string(e.kernels[i].module) + " of " +
             std::to_string(e.modules.size());
  for (size_t i = 0; i < e.steps.size(); ++i) {
    const Step &s = e.steps[i];
    std::string where = "step " + std::to_string(i) + " ('" + s.label + "')";
    if (s.kind == StepKind::Launch) {
      if (s.kernel >= e.kernels.size())
        return where + " launches kernel " + std::to_string(s.kernel) + " of " +
               std::to_string(e.kernels.size());
      uint64_t threads = 1;
      for (int d = 0; d < 3; ++d) {
        if (s.grid[d] == 0 || s.block[d] == 0)
          return where + " has an empty launch dimension";
        threads *= s.block[d];
      }
      if (threads > 1024 || s.grid[1] > 65535 || s.grid[2] > 65535 ||
          s.grid[0] > 0x7fffffffu)
        return where + " has launch dimensions beyond CUDA's limits";
      if (s.sharedBytes > 232448)
        return where + " asks for " + std::to_string(s.sharedBytes) +
               " bytes of shared memory";
    } else if (s.kind == StepKind::Copy) {
      if (s.args.size() != 2 || s.args[0].size != s.args[1].size)
        return where + " is a copy without one destination and one source "
                       "of equal size";
    } else {
      return where + " has unknown kind " + std::to_string(uint32_t(s.kind));
    }
    for (size_t a = 0; a < s.args.size(); ++a) {
      const BufferRef &r = s.args[a];
      uint64_t limit;
      std::string space;
      switch (r.space) {
      case Space::Arena:
        limit = e.arenaSize;
        space = "the " + std::to_string(limit) + "-byte arena";
        break;
      case Space::Weights:
        limit = e.weights.size();
        space = "the " + std::to_string(limit) + "-byte weights";
        break;
      case Space::Input:
      case Space::Output: {
        const auto &ts = r.space == Space::Input ? e.inputs : e.outputs;
        const char *kind = r.space == Space::Input ? "input" : "output";
        if (r.index >= ts.size())
          return where + " argument " + std::to_string(a) + " names " + kind +
                 " " + std::to_string(r.index) + " of " +
                 std::to_string(ts.size());
        limit = ts[r.index].bytes();
        space = std::string(kind) + " '" + ts[r.index].name + "' (" +
                std::to_string(limit) + " bytes)";
        break;
      }
      default:
        return where + " argument " + std::to_string(a) +
               " has unknown space " + std::to_string(uint32_t(r.space));
      }
      // A kernel argument names at least one byte: an empty one could
      // point one past its buffer.
      if (r.size == 0 && s.kind == StepKind::Launch)
        return where + " argument " + std::to_string(a) + " is empty";
      if (!fits(r.offset, r.size, limit))
        return where + " argument " + std::to_string(a) + " [" +
               std::to_string(r.offset) + ", +" + std::to_string(r.size) +
               ") lies outside " + space;
    }
    for (const TensorMap &t : s.tensorMaps)
      if (std::string p = checkTensorMap(s, t, where); !p.empty())
        return p;
  }
  return {};
}

std::string rt::engine::checkArch(const Engine &e, int major, int minor) {
  int devSm = major * 10 + minor;
  bool archSpecific = !e.target.empty() && e.target.back() == 'a';
  bool allPtx = !e.modules.empty();
  for (const Module &m : e.modules)
    allPtx &= m.format == ModuleFormat::PTX;
  std::string dev = "sm_" + std::to_string(devSm);
  std::string mismatch = "the engine was built for " + e.target +
                         " but the GPU is " + dev + " (compute capability " +
                         std::to_string(major) + "." + std::to_string(minor) +
                         "); rebuild it with --target-arch=" + dev;
  if (archSpecific)
    return devSm == int(e.smVersion) ? std::string() : mismatch;
  if (allPtx) // The driver compiles PTX for this GPU or a newer one.
    return devSm >= int(e.smVersion) ? std::string() : mismatch;
  // A cubin runs on its major version, on minor versions at or above its own.
  if (major == int(e.smVersion / 10) && minor >= int(e.smVersion % 10))
    return {};
  return mismatch;
}
