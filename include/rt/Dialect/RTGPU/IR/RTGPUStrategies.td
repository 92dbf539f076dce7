//===- RTGPUStrategies.td - kernel strategies --------------*- tablegen -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//
//
// One attribute per kernel family, attached to a fusion group as
// `rtgpu.strategy` by rt-configure-kernels and read by convert-rt-to-gpu,
// the engine exporter and the reports.
//
//===----------------------------------------------------------------------===//

#ifndef RT_DIALECT_RTGPU_IR_RTGPUSTRATEGIES_TD
#define RT_DIALECT_RTGPU_IR_RTGPUSTRATEGIES_TD

include "rt/Dialect/RTGPU/IR/RTGPUBase.td"
include "rt/Dialect/RTGPU/IR/RTGPUInterfaces.td"
include "mlir/IR/EnumAttr.td"

//===----------------------------------------------------------------------===//
// Enums
//===----------------------------------------------------------------------===//

def RTGPU_GemmKernel : I32EnumAttr<"GemmKernel",
    "the tensor-core instruction a GEMM kernel's main loop is built on", [
      I32EnumAttrCase<"wmma", 0>, I32EnumAttrCase<"mma_sync", 1>,
      I32EnumAttrCase<"wgmma", 2>]> {
  let cppNamespace = "::mlir::rtgpu";
  let genSpecializedAttr = 0;
}

def RTGPU_GemmLoad : I32EnumAttr<"GemmLoad",
    "how a GEMM kernel's operand tiles reach shared memory", [
      I32EnumAttrCase<"cp_async", 0>, I32EnumAttrCase<"tma", 1>]> {
  let cppNamespace = "::mlir::rtgpu";
  let genSpecializedAttr = 0;
}

def RTGPU_GemmSchedule : I32EnumAttr<"GemmSchedule",
    "how a GEMM kernel's blocks walk the output tiles", [
      I32EnumAttrCase<"single", 0>, I32EnumAttrCase<"pingpong", 1>]> {
  let cppNamespace = "::mlir::rtgpu";
  let genSpecializedAttr = 0;
}

def RTGPU_AttentionKernel : I32EnumAttr<"AttentionKernel",
    "the attention kernel variant", [
      I32EnumAttrCase<"mma", 0>, I32EnumAttrCase<"tile", 1>,
      I32EnumAttrCase<"row", 2>]> {
  let cppNamespace = "::mlir::rtgpu";
  let genSpecializedAttr = 0;
}

def RTGPU_KernelKind : I32EnumAttr<"KernelKind",
    "a kernel family and variant, by its name in reports", [
      I32EnumAttrCase<"elemental", 0>, I32EnumAttrCase<"wmma_gemm", 1>,
      I32EnumAttrCase<"mma_gemm", 2>, I32EnumAttrCase<"wgmma_gemm", 3>,
      I32EnumAttrCase<"attention_mma", 4>, I32EnumAttrCase<"attention_tile", 5>,
      I32EnumAttrCase<"attention_row", 6>, I32EnumAttrCase<"norm_row", 7>,
      I32EnumAttrCase<"depthwise_conv", 8>]> {
  let cppNamespace = "::mlir::rtgpu";
  let genSpecializedAttr = 0;
}

/// Parses one of an enum's case names, with an error that lists them (its
/// cases must be numbered 0, 1, ... in order).
class RTGPU_EnumCaseParser<EnumAttrInfo info, string what> {
  string cppType = info.cppNamespace # "::" # info.className;
  string expr = "[&]() -> ::mlir::FailureOr<" # cppType # "> { "
      "::mlir::FailureOr<int64_t> i = ::mlir::rtgpu::parseEnumCase($_parser, \""
      # what # "\", {" #
      !interleave(!foreach(c, info.enumerants, "\"" # c.str # "\""), ", ") #
      "}); if (::mlir::failed(i)) return ::mlir::failure(); "
      "return static_cast<" # cppType # ">(*i); }()";
}

class RTGPU_EnumParameter<EnumAttrInfo info, string what>
    : EnumParameter<info> {
  let parser = RTGPU_EnumCaseParser<info, what>.expr;
}

class RTGPU_DefaultEnumParameter<EnumAttrInfo info, string what, string value>
    : RTGPU_EnumParameter<info, what> {
  let defaultValue = info.cppNamespace # "::" # info.className # "::" # value;
}

/// An enum that may be absent (the override's entries).
class RTGPU_OptionalEnumParameter<EnumAttrInfo info, string what>
    : AttrParameter<"std::optional<" # info.cppNamespace # "::" #
                    info.className # ">", "an optional " # info.className> {
  let parser = "::mlir::FailureOr<std::optional<" # info.cppNamespace #
               "::" # info.className # ">>(" #
               RTGPU_EnumCaseParser<info, what>.expr # ")";
  let printer = "$_printer << " # info.cppNamespace # "::" #
                info.symbolToStringFnName # "(*$_self)";
  let defaultValue = cppStorageType # "()";
}

/// An integer that may be absent (the override's entries); present, it
/// must be an integer.
def RTGPU_OptionalIntParameter
    : OptionalParameter<"std::optional<int64_t>", "an optional integer"> {
  let parser = "::mlir::FailureOr<std::optional<int64_t>>("
               "::mlir::rtgpu::parseInteger($_parser))";
}

/// A strategy attribute; `overrides` names the interface methods with a
/// default implementation that it defines itself.
class RTGPU_StrategyAttr<string name, string attrMnemonic,
                         list<string> overrides = []>
    : RTGPU_Attr<name, attrMnemonic, [
        DeclareAttrInterfaceMethods<RTGPU_KernelStrategyAttrInterface,
                                    overrides>]> {
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

//===----------------------------------------------------------------------===//
// Tensor-core GEMM and implicit-GEMM convolution
//===----------------------------------------------------------------------===//

def RTGPU_GemmStrategyAttr : RTGPU_StrategyAttr<"GemmStrategy", "gemm", [
    "getThreadsPerBlock", "describe", "verifyTarget"]> {
  let summary = "A tiled tensor-core GEMM or implicit-GEMM convolution";
  let description = [{
    A MatMul, Gemm or group-1 convolution root with an epilogue of views
    and element-wise ops, as a tiled tensor-core kernel: each block
    computes a `block_m` x `block_n` tile of the output, stepping through k
    `block_k` at a time with `warps_m` x `warps_n` warps.

    - `kernel`: `wmma` (gpu.subgroup_mma, one synchronously staged tile),
      `mma_sync` (warp-level mma.sync m16n8k16 fed by a `stages`-deep
      cp.async ring) or `wgmma` (warpgroup MMA, sm_90a: one warpgroup per
      64 rows, 128-byte-swizzled shared-memory tiles).
    - `split_k` (1 to 8; sm_90 and later, not `wmma`): the k range of a tile
      is shared by that many blocks of a thread block cluster, whose partial
      tiles are summed through distributed shared memory before the
      epilogue, each block storing `block_m / split_k` rows.
    - `load`: `cp_async` or `tma` (`wgmma` only, not with `split_k`): one
      producer warp fills an mbarrier-synchronized ring through TMA tensor
      maps, the warpgroups only multiply (warp specialization).
    - `schedule`: `single` (one tile a block) or `pingpong` (with `tma`): a
      persistent block per SM whose two warpgroups take alternate tiles,
      one's epilogue under the other's MMAs.

    The verifier checks the shape rules of each kernel (warp tiles multiples
    of 16, whole 16-byte chunks per thread, ...); `verifyTarget` the
    features and shared memory.

    ```mlir
    #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 192, block_k = 64,
                warps_m = 8, warps_n = 1, stages = 4, load = tma>
    ```
  }];
  let parameters = (ins
    RTGPU_EnumParameter<RTGPU_GemmKernel, "GEMM kernel">:$kernel,
    "int64_t":$block_m, "int64_t":$block_n, "int64_t":$block_k,
    "int64_t":$warps_m, "int64_t":$warps_n,
    DefaultValuedParameter<"int64_t", "1">:$stages,
    DefaultValuedParameter<"int64_t", "1">:$split_k,
    RTGPU_DefaultEnumParameter<RTGPU_GemmLoad, "load", "cp_async">:$load,
    RTGPU_DefaultEnumParameter<RTGPU_GemmSchedule, "schedule", "single">:$schedule
  );
  let extraClassDeclaration = [{
    /// Dynamic shared memory the kernel needs, in bytes.
    int64_t getSharedBytes() const;
    bool isTma() const { return getLoad() == GemmLoad::tma; }
    bool isPingpong() const { return getSchedule() == GemmSchedule::pingpong; }
    /// The most blocks split_k may give a cluster (the portable cluster
    /// size).
    static constexpr int64_t kMaxSplitK = 8;
  }];
}

//===----------------------------------------------------------------------===//
// Attention
//===----------------------------------------------------------------------===//

def RTGPU_AttentionStrategyAttr
    : RTGPU_StrategyAttr<"AttentionStrategy", "attention", ["verifyTarget"]> {
  let summary = "A fused attention kernel";
  let description = [{
    An `rt.attention` root with an epilogue of views and element-wise ops.

    - `mma`: flash attention on tensor cores (float16/bfloat16, head sizes
      multiples of 16 up to 128): `rows` query rows per block, 16 per warp
      (64 with 128 threads, or 128 with 256: 8 warps sharing each staged
      key/value tile).
    - `tile`: keys and values of one (batch, head) staged in shared memory;
      `rows` query rows per block, a whole number per warp.
    - `row`: a block per query row (`rows` = 1), scores in shared memory.

    ```mlir
    #rtgpu.attention<kernel = mma, threads = 128, rows = 64>
    ```
  }];
  let parameters = (ins
    RTGPU_EnumParameter<RTGPU_AttentionKernel, "attention kernel">:$kernel,
    "int64_t":$threads,
    DefaultValuedParameter<"int64_t", "1">:$rows
  );
}

//===----------------------------------------------------------------------===//
// Normalization rows
//===----------------------------------------------------------------------===//

def RTGPU_NormRowStrategyAttr
    : RTGPU_StrategyAttr<"NormRowStrategy", "norm_row"> {
  let summary = "LayerNormalization and (Log)Softmax over rows";
  let description = [{
    Normalizations over the same rows: a block per row (statistics by block
    reductions), or with `rows` > 1 one warp per row and `rows` rows per
    block (then `threads` = 32 x `rows`; statistics by warp shuffles).

    ```mlir
    #rtgpu.norm_row<threads = 128, rows = 4>
    ```
  }];
  let parameters = (ins
    "int64_t":$threads,
    DefaultValuedParameter<"int64_t", "1">:$rows
  );
}

//===----------------------------------------------------------------------===//
// Depthwise convolution
//===----------------------------------------------------------------------===//

def RTGPU_DepthwiseStrategyAttr
    : RTGPU_StrategyAttr<"DepthwiseStrategy", "depthwise"> {
  let summary = "A channels-last depthwise convolution";
  let description = [{
    One filter per channel, channels a multiple of 8, at most 7 x 7 taps:
    each thread computes 8 channels of one output pixel, reading 16 bytes
    of input and of the tap-major filter per tap.

    ```mlir
    #rtgpu.depthwise<threads = 256>
    ```
  }];
  let parameters = (ins "int64_t":$threads);
}

//===----------------------------------------------------------------------===//
// Elemental
//===----------------------------------------------------------------------===//

def RTGPU_ElementalStrategyAttr
    : RTGPU_StrategyAttr<"ElementalStrategy", "elemental"> {
  let summary = "The elemental kernel: whole output elements per thread";
  let description = [{
    Every other group: each thread computes whole output elements (8
    consecutive ones where the innermost dimension allows), every op
    evaluated at the element's indices.

    ```mlir
    #rtgpu.elemental<threads = 256>
    ```
  }];
  let parameters = (ins "int64_t":$threads);
}

//===----------------------------------------------------------------------===//
// Overrides
//===----------------------------------------------------------------------===//

def RTGPU_StrategyOverrideAttr : RTGPU_Attr<"StrategyOverride", "override"> {
  let summary = "Entries that replace the heuristic's in chosen strategies";
  let description = [{
    What `--gemm-tile` gives (a manual tuning experiment): each entry
    replaces the heuristic's in every GEMM group (or, with `kernel =
    attention_mma`, every tensor-core attention group) to which the
    heuristic gives the named kernel, or any GEMM kernel when `kernel` is
    absent. `rows` applies to `attention_mma` only, the other entries to the
    GEMM kernels. The merged strategy is verified like any other.

    ```mlir
    #rtgpu.override<kernel = wgmma_gemm, block_n = 128, stages = 3>
    ```
  }];
  let parameters = (ins
    RTGPU_OptionalEnumParameter<RTGPU_KernelKind, "kernel">:$kernel,
    RTGPU_OptionalIntParameter:$block_m,
    RTGPU_OptionalIntParameter:$block_n,
    RTGPU_OptionalIntParameter:$block_k,
    RTGPU_OptionalIntParameter:$warps_m,
    RTGPU_OptionalIntParameter:$warps_n,
    RTGPU_OptionalIntParameter:$stages,
    RTGPU_OptionalIntParameter:$split_k,
    RTGPU_OptionalEnumParameter<RTGPU_GemmLoad, "load">:$load,
    RTGPU_OptionalEnumParameter<RTGPU_GemmSchedule, "schedule">:$schedule,
    RTGPU_OptionalIntParameter:$rows
  );
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

#endif // RT_DIALECT_RTGPU_IR_RTGPUSTRATEGIES_TD
