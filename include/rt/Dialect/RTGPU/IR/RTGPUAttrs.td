//===- RTGPUAttrs.td - rtgpu attributes --------------------*- tablegen -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#ifndef RT_DIALECT_RTGPU_IR_RTGPUATTRS_TD
#define RT_DIALECT_RTGPU_IR_RTGPUATTRS_TD

include "rt/Dialect/RTGPU/IR/RTGPUBase.td"
include "mlir/IR/EnumAttr.td"

//===----------------------------------------------------------------------===//
// Target features
//===----------------------------------------------------------------------===//

def RTGPU_FeatureNone : I32BitEnumAttrCaseNone<"None", "none">;
def RTGPU_FeatureMmaSync : I32BitEnumAttrCaseBit<"MmaSync", 0, "mma_sync">;
def RTGPU_FeatureCpAsync : I32BitEnumAttrCaseBit<"CpAsync", 1, "cp_async">;
def RTGPU_FeatureFp8 : I32BitEnumAttrCaseBit<"Fp8", 2, "fp8">;
def RTGPU_FeatureTma : I32BitEnumAttrCaseBit<"Tma", 3, "tma">;
def RTGPU_FeatureClusters : I32BitEnumAttrCaseBit<"Clusters", 4, "clusters">;
def RTGPU_FeatureWgmma : I32BitEnumAttrCaseBit<"Wgmma", 5, "wgmma">;

def RTGPU_Features : I32BitEnumAttr<"Feature",
    "what a GPU architecture can do that code generation may use", [
      RTGPU_FeatureNone, RTGPU_FeatureMmaSync, RTGPU_FeatureCpAsync,
      RTGPU_FeatureFp8,
      RTGPU_FeatureTma, RTGPU_FeatureClusters, RTGPU_FeatureWgmma]> {
  let cppNamespace = "::mlir::rtgpu";
  let genSpecializedAttr = 0;
  let printBitEnumPrimaryGroups = 0;
}

/// A feature set, written as a list: `[mma_sync, cp_async]`, `[]`.
def RTGPU_FeaturesParameter : AttrParameter<"::mlir::rtgpu::Feature",
                                            "a set of target features"> {
  let parser = "::mlir::rtgpu::parseFeatures($_parser)";
  let printer = "::mlir::rtgpu::printFeatures($_printer, $_self)";
}

//===----------------------------------------------------------------------===//
// Target
//===----------------------------------------------------------------------===//

def RTGPU_TargetAttr : RTGPU_Attr<"Target", "target"> {
  let summary = "The GPU that kernels are generated for";
  let description = [{
    Everything code generation needs to know about the GPU, in one place:
    the architecture (`sm_80` ... `sm_90a`: the PTX target, with `a` for
    the architecture-specific instructions such as warpgroup MMA), its SM
    count, shared memory (the most one block may opt into, and per SM),
    registers per SM, L2 size, and the features code generation may use:

    - `mma_sync`: warp-level tensor-core MMA (sm_80 and later);
    - `cp_async`: asynchronous global-to-shared copies (sm_80 and later);
    - `fp8`: 8-bit float tensor-core MMA (sm_89 and later);
    - `tma`: the tensor memory accelerator (sm_90 and later);
    - `clusters`: thread block clusters and distributed shared memory
      (sm_90 and later);
    - `wgmma`: warpgroup MMA (sm_90a only).

    One `#rtgpu.target` sits on the module as `rtgpu.target`; code
    generation reads it through `TargetAttr::lookup` and nothing else. It
    is set once: from `target-arch`/`target-sms` (then every other value is
    the architecture's reference GPU's, see `TargetAttr::get(arch, sms)`),
    or from the GPU when building on one. The verifier refuses an unknown
    architecture, values outside what any such GPU has, and features the
    architecture lacks. A target may list fewer features than its
    architecture has, to keep code generation off one (an experiment: the
    mma.sync kernels on sm_90a).

    ```mlir
    module attributes {rtgpu.target = #rtgpu.target<arch = "sm_90a",
        sms = 132, shared_per_block = 232448, shared_per_sm = 233472,
        registers_per_sm = 65536, l2_bytes = 52428800,
        features = [mma_sync, cp_async, fp8, tma, clusters, wgmma]>} {}
    ```
  }];
  let parameters = (ins
    StringRefParameter<"PTX architecture, e.g. sm_90a">:$arch,
    "int64_t":$sms,
    "int64_t":$sharedPerBlock,
    "int64_t":$sharedPerSm,
    "int64_t":$registersPerSm,
    "int64_t":$l2Bytes,
    RTGPU_FeaturesParameter:$features
  );
  let assemblyFormat = [{
    `<` `arch` `=` $arch `,` `sms` `=` $sms `,`
        `shared_per_block` `=` $sharedPerBlock `,`
        `shared_per_sm` `=` $sharedPerSm `,`
        `registers_per_sm` `=` $registersPerSm `,`
        `l2_bytes` `=` $l2Bytes `,` `features` `=` $features `>`
  }];
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The target of architecture `arch` with the reference values of its
    /// GPU (sm_80: A100; sm_86: A40; sm_87: Jetson AGX Orin; sm_89: L4;
    /// sm_90, sm_90a: H100 SXM), its SM count replaced by `sms` if given.
    /// Null (with `error` set) for an unknown architecture or an SM count
    /// out of range.
    static TargetAttr get(::mlir::MLIRContext *ctx, ::llvm::StringRef arch,
                          std::optional<int64_t> sms, std::string *error);

    /// The target with these values (a GPU's own, queried from the
    /// driver), or null with `error` set to the verifier's message.
    static TargetAttr getValidated(::mlir::MLIRContext *ctx,
                                   ::llvm::StringRef arch, int64_t sms,
                                   int64_t sharedPerBlock, int64_t sharedPerSm,
                                   int64_t registersPerSm, int64_t l2Bytes,
                                   Feature features, std::string *error);

    /// Whether rt generates code for `arch` (sm_80 ... sm_90a), and the
    /// list of those, for messages.
    static bool isSupportedArch(::llvm::StringRef arch);
    static std::string getSupportedArchs();

    /// The target recorded on the module around `op`, or null.
    static TargetAttr lookup(::mlir::Operation *op);
    /// The target recorded on the module around `op`; null after an error
    /// on `op` saying that `pass` needs one (rt-set-gpu-target records it).
    static TargetAttr lookupOrEmitError(::mlir::Operation *op,
                                        ::llvm::StringRef pass);

    /// Whether `sms` is an SM count a target may have (1 to 1024).
    static bool isValidSmCount(int64_t sms) { return sms >= 1 && sms <= 1024; }

    /// The SM version: 90 for sm_90 and sm_90a.
    unsigned getSmVersion() const;
    /// Whether the target has all of `f`.
    bool has(Feature f) const {
      return ::mlir::rtgpu::bitEnumContainsAll(getFeatures(), f);
    }
  }];
}

#endif // RT_DIALECT_RTGPU_IR_RTGPUATTRS_TD
