//===- Passes.td - rt conversion passes --------------------*- tablegen -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#ifndef RT_CONVERSION_PASSES_TD
#define RT_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertRTToLinalgPass : Pass<"convert-rt-to-linalg", "func::FuncOp"> {
  let summary = "Lower rt ops to linalg, tensor, arith and math on tensors";
  let description = [{
    Rewrites every rt op into upstream dialects on tensors: element-wise ops
    (with NumPy broadcasting) and reductions become `linalg.generic`,
    matrix products and convolutions become `linalg.generic` contractions,
    data movement becomes `tensor` ops, constants become `arith.constant`.
    This is rt's reference semantics: the CPU pipeline (`rt-cpu-pipeline`)
    bufferizes and lowers the result to LLVM, and every graph-level pass is
    checked numerically through it.

    Ops whose shapes are not static where the lowering needs them, and ops
    without a lowering yet, are reported with an error naming the op and the
    reason; the pass then fails.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::cf::ControlFlowDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def RTIndexCheckPass : Pass<"rt-index-check", "ModuleOp"> {
  let summary = "Choose what gathers and scatters do with out-of-range indices";
  let description = [{
    Sets the module's `rt.index_check` attribute, which both lowerings
    (`convert-rt-to-linalg` and `convert-rt-to-gpu`) read for every Gather,
    GatherElements, GatherND, ScatterElements and ScatterND. ONNX leaves an
    index outside [-dim, dim) undefined, and the graph cannot prove it in
    range when the indices are data:

    - `clamp` (the default, also when the attribute is absent): the index is
      clamped into [0, dim); reads and scatter writes stay inside the
      tensor, and the result is the nearest element's.
    - `trap`: the index is checked as well, and an out-of-range one stops the
      program with a message naming the node, the axis and its size
      (`cf.assert`: the CPU program aborts; a GPU kernel calls
      `__assertfail`, which ends the launch with an error).

    `rt-run --index-check=trap` and the pipelines' `index-check` option run
    this pass. docs/Security.md has the rationale.
  }];
  let options = [
    Option<"mode", "mode", "std::string", /*default=*/"\"clamp\"",
           "clamp or trap">,
  ];
}

def RTFuseLinalgElementwisePass
    : Pass<"rt-fuse-linalg-elementwise", "func::FuncOp"> {
  let summary = "Fuse element-wise linalg.generic ops, with bounded bodies";
  let description = [{
    Upstream's producer-into-consumer fusion of element-wise
    `linalg.generic` ops (`linalg-fuse-elementwise-ops`'s patterns), with a
    bound on the fused body: a fusion whose result would have more than
    `max-body-ops` operations in its body is not made. Upstream's pass
    clones the growing body at every step of a chain, which is quadratic in
    the chain's length (20,000 element-wise nodes took minutes); with the
    bound the cost is linear and a long chain becomes a sequence of kernels
    of `max-body-ops` operations each. The CPU pipeline runs it in place of
    `linalg-fuse-elementwise-ops`.
  }];
  let options = [
    Option<"maxBodyOps", "max-body-ops", "int64_t", "256",
           "Largest fused body, in operations">,
  ];
  let dependentDialects = [
    "::mlir::affine::AffineDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def SetGPUTargetPass : Pass<"rt-set-gpu-target", "ModuleOp"> {
  let summary = "Record the GPU that kernels are generated for";
  let description = [{
    Attaches `rtgpu.target` (a `#rtgpu.target`) to the module: the
    architecture `arch` with its reference GPU's values, the SM count
    replaced by `sms` when that is not 0. A module that already has a
    target keeps it (rt-run records a GPU's own values when building on
    one). Every later stage of GPU code generation reads this target and
    nothing else.
  }];
  let options = [
    Option<"arch", "arch", "std::string", /*default=*/"\"sm_90\"",
           "GPU architecture (sm_80, sm_86, sm_87, sm_89, sm_90, sm_90a): "
           "sm_90a enables warpgroup MMA">,
    Option<"sms", "sms", "int64_t", /*default=*/"0",
           "SMs of the GPU: the heuristics size waves of blocks for them, "
           "and persistent kernels launch one block per SM; 0: the "
           "architecture's reference GPU's (132 for sm_90/sm_90a: an H100 "
           "SXM; 108 for sm_80: an A100)">,
  ];
  let dependentDialects = ["::mlir::rtgpu::RTGPUDialect"];
}

def PrepareKernelOperandsPass
    : Pass<"rt-prepare-kernel-operands", "ModuleOp"> {
  let summary = "Make group constants kernel inputs, in the layouts the "
                "target's kernels read";
  let description = [{
    The graph rewrites GPU code generation needs before it configures
    kernels, on every `rt.fusion_group` that has no strategy yet:
    - non-splat constants of a group body become group inputs (their data
      travels with the weights), except attribute-like operands (a Pad's
      pads, a Slice's starts, a Resize's scales) that kernels read at
      compile time;
    - on targets with warpgroup MMA, which reads B k-contiguous, a GEMM
      group's constant [k][n] float16 weights are stored [n][k] and
      transposed back inside the group (where the kernel reads the stored
      layout directly);
    - a depthwise convolution group's constant [C][kh][kw][1] filter is
      stored tap-major, [kh][kw][1][C], for the depthwise kernel's 16-byte
      loads of 8 channels.
    Groups that already have a strategy only get the first rewrite. Needs
    the module's `rtgpu.target` (rt-set-gpu-target).
  }];
}

def ConfigureKernelsPass : Pass<"rt-configure-kernels", "ModuleOp"> {
  let summary = "Choose the kernel strategy of every fusion group";
  let description = [{
    Attaches `rtgpu.strategy` to every `rt.fusion_group` that has none: the
    heuristic's choice for the module's target (`rtgpu.target`), in this
    order:
    - `#rtgpu.gemm`: float16/bfloat16 MatMul, Gemm or group-1 convolution
      roots with an epilogue of views and element-wise ops. Warpgroup MMA
      (`wgmma`, with TMA loads and the ping-pong schedule where they
      measured faster) on targets that have it for products that fill the
      GPU, else `mma_sync` with the largest tile that still gives a wave of
      blocks, k split across a cluster for products too small for one.
    - `#rtgpu.depthwise`: channels-last depthwise convolutions (channels a
      multiple of 8, at most 7 x 7 taps).
    - `#rtgpu.attention`: `rt.attention` roots: `mma` (float16/bfloat16,
      head sizes multiples of 16 up to 128; 128 query rows a block when
      those fill two waves), else `tile` (keys and values fit in shared
      memory), else `row`.
    - `#rtgpu.norm_row`: LayerNormalization and (Log)Softmax over the same
      rows.
    - `#rtgpu.elemental` with `block-size` threads: everything else.
    Each strategy it attaches is verified against the target. Groups that
    have a strategy keep it. This is the only place where kernels are
    chosen: the autotuner plugs in here.
  }];
  let options = [
    Option<"blockSize", "block-size", "int64_t", /*default=*/"256",
           "Threads per block of elemental kernels">,
    Option<"gemmTile", "gemm-tile", "std::string", /*default=*/"\"\"",
           "A #rtgpu.override, or its entries (e.g. `kernel = wgmma_gemm, "
           "block_n = 128, stages = 3`), that replace the heuristic's in "
           "every GEMM group the heuristic gives that kernel (or, with "
           "kernel = attention_mma and rows, every tensor-core attention "
           "group): a tuning experiment">,
  ];
  let dependentDialects = ["::mlir::rtgpu::RTGPUDialect"];
}

def ConvertRTToGPUPass : Pass<"convert-rt-to-gpu", "ModuleOp"> {
  let summary = "Emit one GPU kernel for every rt.fusion_group";
  let description = [{
    Runs after `rt-optimize` (fusion groups and a memory plan, static
    shapes). For each `rt.fusion_group` of every function it emits a
    `gpu.func` kernel into `gpu.module @rt_kernels`, taking one static
    memref per group input and one per result (in that order), and records
    on the group the kernel (`rt.kernel`), its launch dimensions
    (`rt.launch = [grid x, y, z, block x, y, z, shared bytes]`). The
    kernel is the one the group's strategy (`rtgpu.strategy`, attached by
    rt-configure-kernels) names, for the module's target (`rtgpu.target`,
    recorded by rt-set-gpu-target); a group without a strategy is an
    error.

    Kernels (by their names in reports; the strategy attributes document
    their parameters):
    - `mma_gemm`: a float16 or bfloat16 MatMul, Gemm or group-1 convolution (implicit
      GEMM) root with an epilogue of views and element-wise ops: a ring of
      `stages` shared-memory operand tiles filled by cp.async (16-byte
      chunks, zero-filled at the edges and in convolution padding; element
      by element where an operand is computed or unaligned), ldmatrix into
      warp-level mma.sync m16n8k16 products (nvgpu, float32 accumulation),
      the epilogue run per accumulator element (`#rtgpu.gemm<kernel =
      mma_sync>`). With `split_k`
      (sm_90 and later; also for `wgmma_gemm`): the k range of a tile is
      shared by the `split_k` blocks of a thread block cluster
      (`nvvm.cluster_dim`), whose partial tiles are summed in rank order
      through distributed shared memory (`nvvm.mapa`) before the epilogue,
      each block finishing `block_m / split_k` rows. The heuristic splits
      products that 128 x 128 tiles do not fill (batch-1 layers).
    - `wgmma_gemm` (sm_90a): the same groups when both
      operands can be read k-contiguous (constant MatMul/Gemm weights are
      stored transposed for it): a ring of `stages` 128-byte-swizzled
      shared-memory tiles filled by cp.async, consumed by warpgroup MMA
      (wgmma.mma_async m64nNk16, shared-memory descriptors), one
      warpgroup per 64 rows (`#rtgpu.gemm<kernel = wgmma>`).
      `load = tma` fills the ring through two TMA tensor maps instead (MatMul
      and Gemm operands that are kernel inputs, channels-last 1x1
      convolutions with unit strides and no padding; no batch, no split
      k; the heuristic's choice for such products deeper than 256): one
      producer warp issues the loads into full/empty mbarrier-synchronized
      slots, the warpgroups only multiply (warp specialization). The maps
      are kernel parameters after the buffers (`rt.tensor_map_args` on the
      kernel; see `rt-lower-tensor-map-params`) and are described on the
      group (`rt.tensor_maps`: argument, dims and byte strides innermost
      first, box, swizzle, L2 promotion) for the engine, whose runtime
      encodes them. `schedule = pingpong` (with TMA): a persistent block per SM whose two
      warpgroups take alternate 64- or 128-row tiles, one's epilogue under
      the other's MMAs.
    - `wmma_gemm` (only when given): the same groups through
      gpu.subgroup_mma_* (WMMA 16x16x16) with one synchronously staged
      tile (`#rtgpu.gemm<kernel = wmma>`).
    - `attention_mma`: an rt.attention root with float16 or bfloat16
      query, keys and values and head sizes multiples of 16 up to 128:
      flash attention on tensor cores (4 warps, 64 query rows per block, 64
      keys per step, online softmax in registers; keys and values resident
      in shared memory up to 128 keys). Strategy: `#rtgpu.attention<kernel = mma>`, 64 or 128 query rows a block.
    - `attention_tile`: another rt.attention root whose keys and values fit in
      shared memory: a block stages one (batch, head)'s keys and values and
      computes `rows` query rows, one warp per row at a time (scores, warp
      reductions, weighted values); the score matrix never reaches device
      memory. Strategy: `#rtgpu.attention<kernel = tile>`.
    - `attention_row`: attention with more keys: a block per query row,
      scores in shared memory, block reductions. Strategy: `#rtgpu.attention<kernel = row>`.
    - `norm_row`: LayerNormalization/(Log)Softmax over the same rows: a
      block per row, statistics by block reductions, or a warp per row
      (`#rtgpu.norm_row`).
    - `elemental` (everything else): each thread computes whole output
      elements; every op in the group is evaluated at the element's
      indices (an element-wise op at broadcast indices, a view at mapped
      indices, a contraction, window or normalization by a loop over its
      reduced indices). Strategy: `#rtgpu.elemental`.
    Float16/bfloat16 values are computed in float32 in every kernel.

    Ops that have no GPU form yet are reported naming the op and the group.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::cf::ControlFlowDialect",
    "::mlir::gpu::GPUDialect",
    "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::NVVM::NVVMDialect",
    "::mlir::nvgpu::NVGPUDialect",
    "::mlir::rtgpu::RTGPUDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::vector::VectorDialect",
  ];
}

def LowerTensorMapParamsPass
    : Pass<"rt-lower-tensor-map-params", "gpu::GPUModuleOp"> {
  let summary = "Pass TMA tensor maps to kernels by value (__grid_constant__)";
  let description = [{
    Runs after `convert-gpu-to-nvvm` (which neither accepts nor keeps
    by-value parameter attributes on `gpu.func`). Every `llvm.func` kernel
    whose `rt.tensor_map_args` lists parameter positions gets, on each of
    those `!llvm.ptr` parameters, `llvm.byval = !llvm.array<128 x i8>`,
    `llvm.align = 64` and `nvvm.grid_constant`: the parameter is a
    128-byte CUtensorMap in the kernel's parameter space, and the pointer
    the kernel uses is its generic address (`cvta.param`), which
    `cp.async.bulk.tensor` and `prefetch.tensormap` accept. The list is
    removed. A position that is not a pointer parameter is an error.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def AttachNVVMTargetPass : Pass<"rt-attach-nvvm-target", "ModuleOp"> {
  let summary = "Attach the NVVM target of the module's #rtgpu.target";
  let description = [{
    Gives every `gpu.module` the `#nvvm.target` that serializes it for the
    module's `rtgpu.target`: its architecture as the chip, PTX 8.0
    (`+ptx80`) where the target has warpgroup MMA (the instructions the
    sm_90a kernels use need it), the LLVM optimization level, and libdevice
    to link when given. It replaces upstream's `nvvm-attach-target`, whose
    chip is an option, so that the target is named once (on the module)
    for both kernel generation and serialization. A module without an
    `rtgpu.target` is an error.
  }];
  let options = [
    Option<"optLevel", "O", "unsigned", /*default=*/"3",
           "LLVM optimization level of the kernels">,
    Option<"libdevice", "libdevice", "std::string", /*default=*/"\"\"",
           "libdevice bitcode to link (CUDA's math functions); empty: none">,
  ];
  let dependentDialects = ["::mlir::NVVM::NVVMDialect"];
}

#endif // RT_CONVERSION_PASSES_TD
