//===- ExternalData.cpp - ONNX external tensor data -----------------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#include "rt/Target/ONNX/ExternalData.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace llvm;

static Error makeError(const Twine &msg) {
  return createStringError(inconvertibleErrorCode(), msg);
}

Expected<std::string> mlir::rt::resolveExternalDataPath(StringRef modelDir,
                                                        StringRef location) {
  if (location.empty())
    return makeError("external data location is empty");
  if (location.contains('\0'))
    return makeError("external data location contains a NUL byte");
  if (sys::path::is_absolute(location, sys::path::Style::posix) ||
      sys::path::is_absolute(location, sys::path::Style::windows) ||
      location.starts_with("~"))
    return makeError("external data location '" + location +
                     "' is absolute; it must be relative to the model's "
                     "folder");
  for (auto it = sys::path::begin(location, sys::path::Style::posix),
            e = sys::path::end(location);
       it != e; ++it)
    if (*it == "..")
      return makeError("external data location '" + location +
                       "' contains '..'; it must stay inside the model's "
                       "folder");
  if (location.contains('\\'))
    return makeError("external data location '" + location +
                     "' contains a backslash");

  SmallString<256> dirReal;
  if (std::error_code ec = sys::fs::real_path(
          modelDir.empty() ? StringRef(".") : modelDir, dirReal))
    return makeError("cannot resolve model folder '" + modelDir +
                     "': " + ec.message());
  SmallString<256> joined(modelDir.empty() ? StringRef(".") : modelDir);
  sys::path::append(joined, location);
  SmallString<256> fileReal;
  if (std::error_code ec = sys::fs::real_path(joined, fileReal))
    return makeError("external data file '" + location +
                     "' cannot be opened: " + ec.message());
  // The resolved file (links followed) must be inside the model's folder.
  StringRef dir = dirReal.str();
  StringRef file = fileReal.str();
  if (!file.starts_with(dir) || file.size() <= dir.size() ||
      !sys::path::is_separator(file[dir.size()]))
    return makeError("external data file '" + location + "' resolves to '" +
                     file + "', outside the model's folder '" + dir + "'");
  if (!sys::fs::is_regular_file(fileReal))
    return makeError("external data location '" + location +
                     "' is not a regular file");
  return std::string(fileReal.str());
}

Expected<std::unique_ptr<MemoryBuffer>>
mlir::rt::readExternalData(StringRef modelDir, StringRef location,
                           uint64_t offset, std::optional<uint64_t> length) {
  Expected<std::string> path = resolveExternalDataPath(modelDir, location);
  if (!path)
    return path.takeError();
  uint64_t size = 0;
  if (std::error_code ec = sys::fs::file_size(*path, size))
    return makeError("cannot stat external data file '" + location +
                     "': " + ec.message());
  if (offset > size)
    return makeError("external data offset " + Twine(offset) +
                     " is past the end of '" + location + "' (" + Twine(size) +
                     " bytes)");
  uint64_t len = length ? *length : size - offset;
  if (len > size - offset)
    return makeError("external data range [" + Twine(offset) + ", " +
                     Twine(offset) + " + " + Twine(len) + ") is outside '" +
                     location + "' (" + Twine(size) + " bytes)");
  ErrorOr<std::unique_ptr<MemoryBuffer>> buf =
      MemoryBuffer::getFileSlice(*path, len, offset, /*IsVolatile=*/false);
  if (!buf)
    return makeError("cannot read external data file '" + location +
                     "': " + buf.getError().message());
  return std::move(*buf);
}
