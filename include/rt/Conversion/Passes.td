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

def ConvertRTToGPUPass : Pass<"convert-rt-to-gpu", "ModuleOp"> {
  let summary = "Emit one GPU kernel for every rt.fusion_group";
  let description = [{
    Runs after `rt-optimize` (fusion groups and a memory plan, static
    shapes). For each `rt.fusion_group` of every function it emits a
    `gpu.func` kernel into `gpu.module @rt_kernels`, taking one static
    memref per group input and one per result (in that order), and records
    on the group the kernel (`rt.kernel`), its launch dimensions
    (`rt.launch = [grid x, y, z, block x, y, z, shared bytes]`) and the tile
    configuration it was generated with (`tile`, filled by the heuristic
    when absent). Non-splat constants inside a group become group inputs,
    so that their data travels with the weights.

    Kernel kinds (`tile.kernel`; the heuristic tries them in this order):
    - `mma_gemm`: a float16 or bfloat16 MatMul, Gemm or group-1 convolution (implicit
      GEMM) root with an epilogue of views and element-wise ops: a ring of
      `stages` shared-memory operand tiles filled by cp.async (16-byte
      chunks, zero-filled at the edges and in convolution padding; element
      by element where an operand is computed or unaligned), ldmatrix into
      warp-level mma.sync m16n8k16 products (nvgpu, float32 accumulation),
      the epilogue run per accumulator element. Tile: `block_m`,
      `block_n`, `block_k`, `warps_m`, `warps_n`, `stages`, and `split_k`
      (sm_90 and later; also for `wgmma_gemm`): the k range of a tile is
      shared by the `split_k` blocks of a thread block cluster
      (`nvvm.cluster_dim`), whose partial tiles are summed in rank order
      through distributed shared memory (`nvvm.mapa`) before the epilogue,
      each block finishing `block_m / split_k` rows. The heuristic splits
      products that 128 x 128 tiles do not fill (batch-1 layers).
    - `wgmma_gemm` (target-arch sm_90a): the same groups when both
      operands can be read k-contiguous (constant MatMul/Gemm weights are
      stored transposed for it): a ring of `stages` 128-byte-swizzled
      shared-memory tiles filled by cp.async, consumed by warpgroup MMA
      (wgmma.mma_async m64nNk16, shared-memory descriptors), one
      warpgroup per 64 rows. Tile: `block_m`, `block_n`, `block_k` (64),
      `warps_m` (block_m / 16), `warps_n` (1), `stages`, `load`:
      `"tma"` fills the ring through two TMA tensor maps instead (MatMul
      and Gemm operands that are kernel inputs, channels-last 1x1
      convolutions with unit strides and no padding; no batch, no split
      k; the heuristic's choice for such products deeper than 256): one
      producer warp issues the loads into full/empty mbarrier-synchronized
      slots, the warpgroups only multiply (warp specialization). The maps
      are kernel parameters after the buffers (`rt.tensor_map_args` on the
      kernel; see `rt-lower-tensor-map-params`) and are described on the
      group (`rt.tensor_maps`: argument, dims and byte strides innermost
      first, box, swizzle, L2 promotion) for the engine, whose runtime
      encodes them. `schedule = "pingpong"` (with TMA, only when recorded;
      not yet validated on a GPU): a persistent block per SM whose two
      warpgroups take alternate 64- or 128-row tiles, one's epilogue under
      the other's MMAs.
    - `wmma_gemm` (only when recorded): the same groups through
      gpu.subgroup_mma_* (WMMA 16x16x16) with one synchronously staged
      tile. Tile: `block_m`, `block_n`, `block_k`, `warps_m`, `warps_n`.
    - `attention_mma`: an rt.attention root with float16 or bfloat16
      query, keys and values and head sizes multiples of 16 up to 128:
      flash attention on tensor cores (4 warps, 64 query rows per block, 64
      keys per step, online softmax in registers; keys and values resident
      in shared memory up to 128 keys). Tile: `block` (128).
    - `attention_tile`: another rt.attention root whose keys and values fit in
      shared memory: a block stages one (batch, head)'s keys and values and
      computes `rows` query rows, one warp per row at a time (scores, warp
      reductions, weighted values); the score matrix never reaches device
      memory. Tile: `block`, `rows`.
    - `attention_row`: attention with more keys: a block per query row,
      scores in shared memory, block reductions. Tile: `block`.
    - `norm_row`: LayerNormalization/(Log)Softmax over the same rows: a
      block per row, statistics by block reductions. Tile: `block`.
    - `elemental` (everything else): each thread computes whole output
      elements; every op in the group is evaluated at the element's
      indices (an element-wise op at broadcast indices, a view at mapped
      indices, a contraction, window or normalization by a loop over its
      reduced indices). Tile: `block` (threads per block).
    Float16/bfloat16 values are computed in float32 in every kernel.

    Ops that have no GPU form yet are reported naming the op and the group.
  }];
  let options = [
    Option<"blockSize", "block-size", "int64_t", /*default=*/"256",
           "Threads per block when a group has no tile configuration">,
    Option<"targetArch", "target-arch", "std::string", /*default=*/"\"sm_90\"",
           "GPU architecture the kernels are for, when the module has no "
           "rtgpu.target (which then records it with the architecture's "
           "reference values): sm_90a enables warpgroup MMA (wgmma_gemm), "
           "for which constant GEMM weights are stored transposed ([n][k])">,
    Option<"targetSMs", "target-sms", "int64_t", /*default=*/"0",
           "SMs of the GPU the kernels are for, when the module has no "
           "rtgpu.target: the tile heuristics size waves of blocks for "
           "them, and persistent kernels launch one block per SM; 0: the "
           "architecture's reference GPU's (132 for sm_90/sm_90a: an H100 "
           "SXM; 108 for sm_80: an A100)">,
    Option<"gemmTile", "gemm-tile", "std::string", /*default=*/"\"\"",
           "A tile dictionary, e.g. `{kernel = \"wgmma_gemm\", block_n = 128, "
           "stages = 3}`, whose entries replace the heuristic's in every GEMM "
           "group the heuristic gives that kernel kind (a tuning experiment; "
           "groups with a recorded tile keep it)">,
  ];
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
