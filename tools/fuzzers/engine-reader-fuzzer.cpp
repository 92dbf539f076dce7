//===- engine-reader-fuzzer.cpp - libFuzzer target: the engine reader -----===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// Feeds arbitrary bytes to the engine reader (rt::engine::read, which ends
// in verify()). A mutated engine almost never keeps a matching checksum, so
// unless the input is shorter than the header the fuzzer first writes the
// input's own size and checksum into its header: the mutants then reach the
// section, metadata and reference checks behind the checksum, as a crafted
// file would. The checksum guards against accidents, not attackers
// (docs/Security.md).
//
//===----------------------------------------------------------------------===//

#include "rt/Runtime/EngineFormat.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::vector<uint8_t> bytes(data, data + size);
  if (bytes.size() >= rt::engine::kHeaderSize) {
    // Header: file size at 16, checksum at 24 (FNV-1a of the image with the
    // checksum field read as zeros).
    uint64_t fileSize = bytes.size();
    for (int i = 0; i < 8; ++i)
      bytes[16 + i] = uint8_t(fileSize >> (8 * i));
    std::memset(bytes.data() + 24, 0, 8);
    uint64_t h = rt::engine::fnv1a64(bytes.data(), bytes.size());
    for (int i = 0; i < 8; ++i)
      bytes[24 + i] = uint8_t(h >> (8 * i));
  }
  rt::engine::Engine e;
  std::string error;
  if (rt::engine::read(bytes.data(), bytes.size(), e, error, "fuzz.engine")) {
    // What the runtime and --describe compute from a loaded engine.
    for (const auto *ts : {&e.inputs, &e.outputs})
      for (const rt::engine::TensorDesc &t : *ts)
        (void)t.bytes();
    (void)rt::engine::checkArch(e, 9, 0);
  } else if (error.empty()) {
    __builtin_trap(); // A refusal must say why.
  }
  return 0;
}
