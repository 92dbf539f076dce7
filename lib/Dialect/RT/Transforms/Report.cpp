//===- Report.cpp - explain what the optimization pipeline did
//-------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// After rt-fuse and rt-plan-memory, writes per function: kernel counts
// before and after fusion (and per kind), every kernel with the ONNX nodes
// fused into it, its outputs and their arena offsets, why its epilogue
// stopped where it did, and the memory plan next to its lower bound and the
// sum of all intermediates. JSON for tools, text for people.
//
//===----------------------------------------------------------------------===//

#include "rt/Dialect/RT/IR/RTOps.h"
#include "rt/Dialect/RT/Transforms/Fusion.h"
#include "rt/Dialect/RT/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/ToolOutputFile.h"

namespace mlir {
namespace rt {
#define GEN_PASS_DEF_RTREPORTPASS
#include "rt/Dialect/RT/Transforms/Passes.h.inc"
} // namespace rt
} // namespace mlir

using namespace mlir;
using namespace mlir::rt;

static std::string typeString(Type t) {
  std::string s;
  llvm::raw_string_ostream os(s);
  t.print(os);
  return s;
}

static int64_t intAttr(Operation *op, StringRef name, int64_t dflt = -1) {
  if (auto a = op->getAttrOfType<IntegerAttr>(name))
    return a.getInt();
  return dflt;
}

llvm::json::Object mlir::rt::buildReport(func::FuncOp func) {
  llvm::json::Object f;
  f["name"] = func.getSymName().str();
  f["kernels_before"] = intAttr(func, "rt.kernels_before");
  f["kernels_after"] = intAttr(func, "rt.kernels_after");
  f["arena_bytes"] = intAttr(func, "rt.arena_size");
  f["arena_lower_bound_bytes"] = intAttr(func, "rt.arena_lower_bound");
  f["intermediate_bytes"] = intAttr(func, "rt.intermediate_bytes");
  llvm::json::Array kernels;
  std::map<std::string, int64_t> kinds;
  for (Operation &op : func.getBody().front()) {
    auto group = dyn_cast<FusionGroupOp>(op);
    if (!group) {
      if (isKernel(&op)) {
        // Not fused at all (rt-fuse was not run, or a new op).
        ++kinds["unfused"];
        kernels.push_back(llvm::json::Object{
            {"name", getOpDisplayName(&op)},
            {"kind", "unfused"},
            {"ops", llvm::json::Array{llvm::json::Object{
                        {"name", getOpDisplayName(&op)},
                        {"op", op.getName().getStringRef().str()}}}}});
      }
      continue;
    }
    ++kinds[group.getKind().str()];
    llvm::json::Object k;
    k["name"] = group.getName().str();
    k["kind"] = group.getKind().str();
    if (Operation *root = group.getRoot())
      k["root"] = root->getName().getStringRef().str();
    llvm::json::Array ops;
    for (Operation &inner : group.getBodyBlock().without_terminator()) {
      if (isa<ConstantOp>(inner))
        continue;
      ops.push_back(
          llvm::json::Object{{"name", getOpDisplayName(&inner)},
                             {"op", inner.getName().getStringRef().str()}});
    }
    k["ops"] = std::move(ops);
    auto offsets = group->getAttrOfType<DenseI64ArrayAttr>("rt.offsets");
    auto inPlace = group->getAttrOfType<DenseI64ArrayAttr>("rt.in_place");
    llvm::json::Array outs;
    for (auto [i, r] : llvm::enumerate(group.getResults())) {
      llvm::json::Object o{{"type", typeString(r.getType())}};
      if (offsets)
        o["offset"] = offsets[i];
      if (inPlace && inPlace[i] >= 0)
        o["in_place_of_input"] = inPlace[i];
      outs.push_back(std::move(o));
    }
    k["outputs"] = std::move(outs);
    llvm::json::Array notes;
    if (auto n = group->getAttrOfType<ArrayAttr>("rt.fusion_notes"))
      for (Attribute a : n)
        notes.push_back(cast<StringAttr>(a).getValue().str());
    if (group.getKind() == "copy")
      notes.push_back("data movement (" +
                      (group.getRoot()
                           ? group.getRoot()->getName().getStringRef().str()
                           : std::string("copy")) +
                      "): a kernel of its own, nothing fuses into it yet");
    k["not_fused"] = std::move(notes);
    kernels.push_back(std::move(k));
  }
  llvm::json::Object kindCounts;
  for (auto &[kind, n] : kinds)
    kindCounts[kind] = n;
  f["kernels_by_kind"] = std::move(kindCounts);
  f["kernels"] = std::move(kernels);
  return f;
}

void mlir::rt::printReport(const llvm::json::Object &f, raw_ostream &os) {
  auto num = [&](StringRef key) {
    std::optional<int64_t> v = f.getInteger(key);
    return v ? *v : -1;
  };
  auto mib = [](int64_t b) {
    return llvm::formatv("{0:f2} MiB", b / 1048576.0);
  };
  os << "function @" << *f.getString("name") << "\n";
  os << "  kernels: " << num("kernels_before") << " ops before fusion, "
     << num("kernels_after") << " kernels after (";
  SmallVector<std::pair<std::string, int64_t>> kinds;
  for (auto &[kind, n] : *f.getObject("kernels_by_kind"))
    kinds.push_back({kind.str(), *n.getAsInteger()});
  llvm::sort(kinds);
  for (auto [i, kn] : llvm::enumerate(kinds))
    os << (i ? ", " : "") << kn.first << " " << kn.second;
  os << ")\n";
  if (num("arena_bytes") >= 0) {
    int64_t arena = num("arena_bytes"), lb = num("arena_lower_bound_bytes");
    os << "  memory: arena " << mib(arena) << ", peak of live tensors "
       << mib(lb) << " (arena/peak "
       << llvm::formatv("{0:f3}", lb ? double(arena) / lb : 1.0)
       << "), all intermediates " << mib(num("intermediate_bytes")) << "\n";
  } else {
    os << "  memory: not planned (dynamic shapes; fix them with "
          "rt-set-input-shapes)\n";
  }
  int64_t i = 0;
  for (const llvm::json::Value &kv : *f.getArray("kernels")) {
    const llvm::json::Object &k = *kv.getAsObject();
    os << llvm::formatv("  {0,4} {1,-11} {2}\n", i++, *k.getString("kind"),
                        *k.getString("name"));
    std::string ops;
    for (const llvm::json::Value &o : *k.getArray("ops")) {
      if (!ops.empty())
        ops += " + ";
      ops += StringRef(*o.getAsObject()->getString("op")).drop_front(3).str();
    }
    os << "         fused: " << ops << "\n";
    if (const llvm::json::Array *outs = k.getArray("outputs"))
      for (const llvm::json::Value &o : *outs) {
        const llvm::json::Object &obj = *o.getAsObject();
        os << "         out: " << *obj.getString("type");
        if (std::optional<int64_t> off = obj.getInteger("offset"))
          os << (*off < 0 ? std::string(" (model output)")
                          : " at arena offset " + std::to_string(*off));
        if (std::optional<int64_t> ip = obj.getInteger("in_place_of_input"))
          os << ", in place of input " << *ip;
        os << "\n";
      }
    if (const llvm::json::Array *notes = k.getArray("not_fused"))
      for (const llvm::json::Value &n : *notes)
        os << "         why: " << *n.getAsString() << "\n";
  }
}

namespace {
struct RTReportPass : public mlir::rt::impl::RTReportPassBase<RTReportPass> {
  using RTReportPassBase::RTReportPassBase;

  void runOnOperation() override {
    llvm::json::Array functions;
    std::string text;
    llvm::raw_string_ostream textOs(text);
    getOperation().walk([&](func::FuncOp func) {
      if (func.isExternal())
        return;
      llvm::json::Object f = buildReport(func);
      printReport(f, textOs);
      functions.push_back(std::move(f));
    });
    llvm::json::Object report{{"functions", std::move(functions)}};
    auto write = [&](StringRef path, auto &&emit) -> bool {
      if (path.empty())
        return true;
      std::string err;
      auto file = openOutputFile(path, &err);
      if (!file) {
        getOperation().emitError("cannot write the report to '")
            << path << "': " << err;
        return false;
      }
      emit(file->os());
      file->keep();
      return true;
    };
    if (!write(json,
               [&](raw_ostream &os) {
                 os << llvm::formatv("{0:2}",
                                     llvm::json::Value(std::move(report)))
                    << "\n";
               }) ||
        !write(this->text, [&](raw_ostream &os) { os << text; }))
      return signalPassFailure();
  }
};
} // namespace
