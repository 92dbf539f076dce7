//===- RTGPUDialect.cpp - rtgpu dialect and attributes --------------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#include "rt/Dialect/RTGPU/IR/RTGPU.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::rtgpu;

#include "rt/Dialect/RTGPU/IR/RTGPUAttrInterfaces.cpp.inc"
#include "rt/Dialect/RTGPU/IR/RTGPUDialect.cpp.inc"
#include "rt/Dialect/RTGPU/IR/RTGPUEnums.cpp.inc"

FailureOr<int64_t> mlir::rtgpu::parseEnumCase(AsmParser &parser, StringRef what,
                                              ArrayRef<StringRef> names) {
  SMLoc loc = parser.getCurrentLocation();
  std::string name;
  if (parser.parseOptionalKeywordOrString(&name))
    return parser.emitError(loc)
           << "expected a " << what << " (" << llvm::join(names, ", ") << ")";
  for (auto [i, n] : llvm::enumerate(names))
    if (n == name)
      return static_cast<int64_t>(i);
  return parser.emitError(loc) << "unknown " << what << " '" << name << "' ("
                               << llvm::join(names, ", ") << ")";
}

FailureOr<int64_t> mlir::rtgpu::parseInteger(AsmParser &parser) {
  int64_t value;
  if (parser.parseInteger(value))
    return failure();
  return value;
}

FailureOr<Feature> mlir::rtgpu::parseFeatures(AsmParser &parser) {
  Feature features = Feature::None;
  if (failed(parser.parseCommaSeparatedList(
          AsmParser::Delimiter::Square, [&]() -> ParseResult {
            std::string name;
            SMLoc loc = parser.getCurrentLocation();
            if (parser.parseKeywordOrString(&name))
              return failure();
            std::optional<Feature> f = symbolizeFeature(name);
            if (!f || *f == Feature::None)
              return parser.emitError(loc)
                     << "unknown target feature '" << name
                     << "' (mma_sync, cp_async, fp8, tma, clusters, wgmma)";
            features = features | *f;
            return success();
          })))
    return failure();
  return features;
}

/// The names of the features in `features`, ", "-separated, in bit order.
static std::string featureNames(Feature features) {
  std::string names;
  for (uint32_t bit = 1; bit <= uint32_t(Feature::Wgmma); bit <<= 1)
    if (uint32_t(features) & bit)
      names += (names.empty() ? "" : ", ") + stringifyFeature(Feature(bit));
  return names;
}

void mlir::rtgpu::printFeatures(AsmPrinter &printer, Feature features) {
  printer << '[' << featureNames(features) << ']';
}

#define GET_ATTRDEF_CLASSES
#include "rt/Dialect/RTGPU/IR/RTGPUAttrs.cpp.inc"

void RTGPUDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "rt/Dialect/RTGPU/IR/RTGPUAttrs.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// TargetAttr
//===----------------------------------------------------------------------===//

namespace {
/// An architecture rt generates code for, with its reference GPU's values.
struct ArchInfo {
  llvm::StringLiteral arch;
  unsigned sm;
  const char *gpu;
  int64_t sms, sharedPerBlock, sharedPerSm, registersPerSm, l2Bytes;
  Feature features;
};

constexpr int64_t KiB = 1024, MiB = 1024 * 1024;
constexpr Feature kAmpere = Feature::MmaSync | Feature::CpAsync;
constexpr Feature kHopper =
    kAmpere | Feature::Fp8 | Feature::Tma | Feature::Clusters;

// Shared memory: the opt-in maximum per block and the capacity per SM, from
// the CUDA C++ Programming Guide's table of compute capabilities.
const ArchInfo kArchs[] = {
    {"sm_80", 80, "A100 SXM", 108, 163 * KiB, 164 * KiB, 65536, 40 * MiB,
     kAmpere},
    {"sm_86", 86, "A40", 84, 99 * KiB, 100 * KiB, 65536, 6 * MiB, kAmpere},
    {"sm_87", 87, "Jetson AGX Orin", 16, 163 * KiB, 164 * KiB, 65536, 4 * MiB,
     kAmpere},
    {"sm_89", 89, "L4", 58, 99 * KiB, 100 * KiB, 65536, 48 * MiB,
     kAmpere | Feature::Fp8},
    {"sm_90", 90, "H100 SXM", 132, 227 * KiB, 228 * KiB, 65536, 50 * MiB,
     kHopper},
    {"sm_90a", 90, "H100 SXM", 132, 227 * KiB, 228 * KiB, 65536, 50 * MiB,
     kHopper | Feature::Wgmma},
};

const ArchInfo *findArch(StringRef arch) {
  for (const ArchInfo &a : kArchs)
    if (a.arch == arch)
      return &a;
  return nullptr;
}

std::string knownArchs() {
  std::string out;
  for (const ArchInfo &a : kArchs)
    out += (out.empty() ? "" : ", ") + a.arch.str();
  return out;
}
} // namespace

TargetAttr TargetAttr::get(MLIRContext *ctx, StringRef arch,
                           std::optional<int64_t> sms, std::string *error) {
  const ArchInfo *a = findArch(arch);
  if (!a) {
    if (error)
      *error = "unsupported target architecture '" + arch.str() + "' (" +
               knownArchs() + ")";
    return {};
  }
  int64_t n = sms.value_or(a->sms);
  if (!isValidSmCount(n)) {
    if (error)
      *error = "target SM count " + std::to_string(n) +
               " is not an SM count (1 to 1024)";
    return {};
  }
  return TargetAttr::get(ctx, a->arch, n, a->sharedPerBlock, a->sharedPerSm,
                         a->registersPerSm, a->l2Bytes, a->features);
}

TargetAttr TargetAttr::getValidated(MLIRContext *ctx, StringRef arch,
                                    int64_t sms, int64_t sharedPerBlock,
                                    int64_t sharedPerSm, int64_t registersPerSm,
                                    int64_t l2Bytes, Feature features,
                                    std::string *error) {
  std::string message;
  ScopedDiagnosticHandler handler(ctx, [&](Diagnostic &d) {
    message = d.str();
    return success();
  });
  TargetAttr t = TargetAttr::getChecked(
      [&] { return emitError(UnknownLoc::get(ctx)); }, ctx, arch, sms,
      sharedPerBlock, sharedPerSm, registersPerSm, l2Bytes, features);
  if (!t && error)
    *error = message;
  return t;
}

bool TargetAttr::isSupportedArch(StringRef arch) {
  return findArch(arch) != nullptr;
}

std::string TargetAttr::getSupportedArchs() { return knownArchs(); }

TargetAttr TargetAttr::lookup(Operation *op) {
  for (Operation *p = op; p; p = p->getParentOp())
    if (auto t =
            p->getAttrOfType<TargetAttr>(RTGPUDialect::getTargetAttrName()))
      return t;
  return {};
}

TargetAttr TargetAttr::lookupOrEmitError(Operation *op, StringRef pass) {
  if (TargetAttr t = lookup(op))
    return t;
  op->emitError() << pass << ": the module has no '"
                  << RTGPUDialect::getTargetAttrName()
                  << "' (rt-set-gpu-target records one)";
  return {};
}

unsigned TargetAttr::getSmVersion() const {
  const ArchInfo *a = findArch(getArch());
  return a ? a->sm : 0;
}

LogicalResult TargetAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 StringRef arch, int64_t sms,
                                 int64_t sharedPerBlock, int64_t sharedPerSm,
                                 int64_t registersPerSm, int64_t l2Bytes,
                                 Feature features) {
  const ArchInfo *a = findArch(arch);
  if (!a)
    return emitError() << "unsupported target architecture '" << arch << "' ("
                       << knownArchs() << ")";
  if (!isValidSmCount(sms))
    return emitError() << "target SM count " << sms
                       << " is not an SM count (1 to 1024)";
  if (sharedPerSm < 1 || sharedPerSm > 1024 * KiB)
    return emitError() << "shared memory per SM " << sharedPerSm
                       << " is not between 1 byte and 1 MiB";
  if (sharedPerBlock < 1 || sharedPerBlock > sharedPerSm)
    return emitError() << "shared memory per block " << sharedPerBlock
                       << " is not between 1 byte and the SM's " << sharedPerSm;
  if (registersPerSm < 1024 || registersPerSm > (1 << 20))
    return emitError() << "registers per SM " << registersPerSm
                       << " is not between 1024 and 2^20";
  if (l2Bytes < 0 || l2Bytes > 4096 * MiB)
    return emitError() << "L2 size " << l2Bytes
                       << " is not between 0 and 4 GiB";
  Feature extra = features & ~a->features;
  if (extra != Feature::None)
    return emitError() << arch << " does not have " << featureNames(extra);
  return success();
}
