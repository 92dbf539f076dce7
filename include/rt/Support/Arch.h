//===- Arch.h - NVIDIA GPU architecture names -------------------*- C++ -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#ifndef RT_SUPPORT_ARCH_H
#define RT_SUPPORT_ARCH_H

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"

#include <optional>

namespace rt {

/// The SM version of a target architecture name: 90 for "sm_90" and
/// "sm_90a", 80 for "sm_80"; nullopt for anything else.
inline std::optional<unsigned> smVersion(llvm::StringRef arch) {
  unsigned version = 0;
  if (!arch.consume_front("sm_") ||
      arch.take_while([](char c) { return llvm::isDigit(c); })
          .getAsInteger(10, version))
    return std::nullopt;
  return version;
}

} // namespace rt

#endif // RT_SUPPORT_ARCH_H
