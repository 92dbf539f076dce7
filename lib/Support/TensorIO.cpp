//===- TensorIO.cpp - host tensors and their file formats -----------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#include "rt/Support/TensorIO.h"
#include "rt/Runtime/CheckedMath.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include "onnx/onnx_pb.h"

#include <cstring>

using namespace llvm;
using namespace mlir::rt;

static Error err(const Twine &msg) {
  return createStringError(inconvertibleErrorCode(), msg);
}

std::optional<DType> mlir::rt::parseDType(StringRef n) {
  for (DType d : {DType::F16, DType::BF16, DType::F32, DType::F64, DType::I8,
                  DType::I16, DType::I32, DType::I64, DType::U8, DType::U16,
                  DType::U32, DType::U64, DType::Bool})
    if (dtypeName(d) == n)
      return d;
  return std::nullopt;
}

int64_t HostTensor::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

std::string HostTensor::describe() const {
  std::string s = std::string(dtypeName(dtype)) + "[";
  for (auto [i, d] : llvm::enumerate(shape))
    s += (i ? ", " : "") + std::to_string(d);
  return s + "]";
}

/// NumPy descr ("<f4") for a dtype.
static StringRef npyDescr(DType d) {
  switch (d) {
  case DType::F16:
    return "<f2";
  case DType::BF16:
    return "<V2"; // NumPy has no bfloat16.
  case DType::F32:
    return "<f4";
  case DType::F64:
    return "<f8";
  case DType::I8:
    return "|i1";
  case DType::I16:
    return "<i2";
  case DType::I32:
    return "<i4";
  case DType::I64:
    return "<i8";
  case DType::U8:
    return "|u1";
  case DType::U16:
    return "<u2";
  case DType::U32:
    return "<u4";
  case DType::U64:
    return "<u8";
  case DType::Bool:
    return "|b1";
  }
  return "";
}

Expected<HostTensor> mlir::rt::readNpy(StringRef path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> buf = MemoryBuffer::getFile(path);
  if (!buf)
    return err(path + ": cannot read: " + buf.getError().message());
  return parseNpy((*buf)->getBuffer(), path);
}

Expected<HostTensor> mlir::rt::parseNpy(StringRef b, StringRef path) {
  if (b.size() < 10 || !b.starts_with("\x93NUMPY"))
    return err(path + ": not a .npy file (bad magic)");
  uint8_t major = b[6];
  size_t headerLen, offset;
  if (major == 1) {
    headerLen = support::endian::read16le(b.data() + 8);
    offset = 10;
  } else if (major == 2 || major == 3) {
    if (b.size() < 12)
      return err(path + ": truncated .npy header");
    headerLen = support::endian::read32le(b.data() + 8);
    offset = 12;
  } else {
    return err(path + ": unsupported .npy version " + Twine(major));
  }
  if (offset + headerLen > b.size())
    return err(path + ": truncated .npy header");
  StringRef header = b.substr(offset, headerLen);
  auto field = [&](StringRef key) -> StringRef {
    size_t at = header.find("'" + key.str() + "'");
    if (at == StringRef::npos)
      return {};
    StringRef rest = header.drop_front(at + key.size() + 2).ltrim(" :");
    return rest;
  };
  StringRef descr = field("descr");
  if (!descr.consume_front("'"))
    return err(path + ": .npy header has no descr");
  descr = descr.take_until([](char c) { return c == '\''; });
  // An empty descr used to be read at [0] (found by tensor-file-fuzzer).
  if (descr.empty())
    return err(path + ": .npy header has an empty descr");
  std::optional<DType> dtype;
  for (DType d : {DType::F16, DType::F32, DType::F64, DType::I8, DType::I16,
                  DType::I32, DType::I64, DType::U8, DType::U16, DType::U32,
                  DType::U64, DType::Bool}) {
    StringRef want = npyDescr(d);
    if (descr == want ||
        (want[0] == '|' && descr.drop_front() == want.drop_front() &&
         (descr[0] == '<' || descr[0] == '=')) ||
        (descr[0] == '=' && descr.drop_front() == want.drop_front()))
      dtype = d;
  }
  if (!dtype)
    return err(path + ": unsupported .npy dtype '" + descr + "'");
  if (field("fortran_order").starts_with("True"))
    return err(path + ": Fortran-ordered .npy arrays are not supported");
  StringRef shapeStr = field("shape");
  if (!shapeStr.consume_front("("))
    return err(path + ": .npy header has no shape");
  shapeStr = shapeStr.take_until([](char c) { return c == ')'; });
  HostTensor t;
  t.dtype = *dtype;
  SmallVector<StringRef> dims;
  shapeStr.split(dims, ',', -1, false);
  for (StringRef d : dims) {
    d = d.trim();
    if (d.empty())
      continue;
    int64_t v;
    if (d.getAsInteger(10, v) || v < 0)
      return err(path + ": bad .npy shape '" + shapeStr + "'");
    t.shape.push_back(v);
  }
  if (t.shape.size() > 64)
    return err(path + ": .npy shape has rank " + Twine(t.shape.size()) +
               ", above the limit of 64");
  std::optional<int64_t> size =
      ::rt::byteSize(t.shape.data(), t.shape.size(), dtypeSize(t.dtype));
  if (!size)
    return err(path + ": .npy shape " + t.describe() +
               " has more bytes than fit in int64");
  size_t bytes = *size;
  size_t dataAt = offset + headerLen;
  if (b.size() - dataAt != bytes)
    return err(path + ": .npy data has " + Twine(b.size() - dataAt) +
               " bytes, the header says " + t.describe() + " (" + Twine(bytes) +
               " bytes)");
  t.data.assign(b.begin() + dataAt, b.end());
  return t;
}

Error mlir::rt::writeNpy(StringRef path, const HostTensor &t) {
  std::string header = "{'descr': '" + npyDescr(t.dtype).str() +
                       "', 'fortran_order': False, 'shape': (";
  for (int64_t d : t.shape)
    header += std::to_string(d) + ", ";
  if (t.shape.size() > 1)
    header.resize(header.size() - 1);
  else if (t.shape.size() == 1)
    header.resize(header.size() - 1);
  header += "), }";
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::error_code ec;
  raw_fd_ostream os(path, ec);
  if (ec)
    return err(path + ": cannot write: " + ec.message());
  os << "\x93NUMPY" << char(1) << char(0);
  char len[2];
  support::endian::write16le(len, header.size());
  os.write(len, 2);
  os << header;
  os.write(reinterpret_cast<const char *>(t.data.data()), t.data.size());
  return Error::success();
}

Expected<HostTensor> mlir::rt::readTensorProto(StringRef path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> buf = MemoryBuffer::getFile(path);
  if (!buf)
    return err(path + ": cannot read: " + buf.getError().message());
  return parseTensorProto((*buf)->getBuffer(), path);
}

Expected<HostTensor> mlir::rt::parseTensorProto(StringRef file,
                                                StringRef path) {
  onnx::TensorProto p;
  if (file.size() > size_t(INT32_MAX) ||
      !p.ParseFromArray(file.data(), int(file.size())))
    return err(path + ": not an ONNX TensorProto");
  using TP = onnx::TensorProto;
  HostTensor t;
  t.name = p.name();
  switch (p.data_type()) {
  case TP::FLOAT:
    t.dtype = DType::F32;
    break;
  case TP::DOUBLE:
    t.dtype = DType::F64;
    break;
  case TP::FLOAT16:
    t.dtype = DType::F16;
    break;
  case TP::BFLOAT16:
    t.dtype = DType::BF16;
    break;
  case TP::INT8:
    t.dtype = DType::I8;
    break;
  case TP::INT16:
    t.dtype = DType::I16;
    break;
  case TP::INT32:
    t.dtype = DType::I32;
    break;
  case TP::INT64:
    t.dtype = DType::I64;
    break;
  case TP::UINT8:
    t.dtype = DType::U8;
    break;
  case TP::UINT16:
    t.dtype = DType::U16;
    break;
  case TP::UINT32:
    t.dtype = DType::U32;
    break;
  case TP::UINT64:
    t.dtype = DType::U64;
    break;
  case TP::BOOL:
    t.dtype = DType::Bool;
    break;
  default:
    return err(path + ": unsupported tensor data type " + Twine(p.data_type()));
  }
  if (p.data_location() == TP::EXTERNAL)
    return err(path + ": external data in a tensor file is not supported");
  int64_t numel = 1;
  for (int64_t d : p.dims()) {
    if (d < 0)
      return err(path + ": negative dimension");
    if (d != 0 && numel > (int64_t(1) << 40) / d)
      return err(path + ": tensor has too many elements");
    numel *= d;
    t.shape.push_back(d);
  }
  size_t bytes = numel * dtypeSize(t.dtype);
  // Every element needs at least one byte of the file: rejects files that
  // are not TensorProtos (a SequenceProto parses as an odd TensorProto)
  // before allocating.
  if (numel > (int64_t)file.size())
    return err(path + ": " + t.describe() + " does not fit in the file's " +
               Twine(file.size()) + " bytes (not a TensorProto?)");
  if (p.has_raw_data()) {
    if (p.raw_data().size() != bytes)
      return err(path + ": raw data has " + Twine(p.raw_data().size()) +
                 " bytes for " + t.describe());
    t.data.assign(p.raw_data().begin(), p.raw_data().end());
    return t;
  }
  t.data.resize(bytes);
  auto fill = [&](const auto &field, auto convert) -> Error {
    if ((size_t)field.size() != (size_t)t.numElements())
      return err(path + ": " + Twine(field.size()) + " values for " +
                 t.describe());
    size_t sz = dtypeSize(t.dtype);
    for (int i = 0; i < field.size(); ++i) {
      auto v = convert(field.Get(i));
      std::memcpy(t.data.data() + i * sz, &v, sz);
    }
    return Error::success();
  };
  Error e = Error::success();
  switch (t.dtype) {
  case DType::F32:
    e = fill(p.float_data(), [](float v) { return v; });
    break;
  case DType::F64:
    e = fill(p.double_data(), [](double v) { return v; });
    break;
  case DType::I64:
    e = fill(p.int64_data(), [](int64_t v) { return v; });
    break;
  case DType::U32:
    e = fill(p.uint64_data(), [](uint64_t v) { return (uint32_t)v; });
    break;
  case DType::U64:
    e = fill(p.uint64_data(), [](uint64_t v) { return v; });
    break;
  case DType::I32:
    e = fill(p.int32_data(), [](int32_t v) { return v; });
    break;
  case DType::I16:
  case DType::U16:
  case DType::F16:
  case DType::BF16:
    e = fill(p.int32_data(), [](int32_t v) { return (uint16_t)v; });
    break;
  case DType::I8:
  case DType::U8:
  case DType::Bool:
    e = fill(p.int32_data(), [](int32_t v) { return (uint8_t)v; });
    break;
  }
  if (e)
    return std::move(e);
  return t;
}

Expected<HostTensor> mlir::rt::readTensorFile(StringRef path) {
  if (path.ends_with(".npy"))
    return readNpy(path);
  if (path.ends_with(".pb"))
    return readTensorProto(path);
  return err(path + ": unknown tensor file type (expected .npy or .pb)");
}
