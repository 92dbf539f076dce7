// RUN: rt-opt %s --rt-generate-kernels --split-input-file --verify-diagnostics | FileCheck %s
// RUN: not rt-opt %s --rt-generate-kernels="target-arch=sm_80" --split-input-file 2>/dev/null | FileCheck %s --check-prefix=SM80
// RUN: not rt-opt %s --rt-generate-kernels="target-arch=sm_80" --split-input-file 2>&1 >/dev/null | FileCheck %s --check-prefix=SM80-ERR

// SM80-ERR: error: fusion group 'ffn2': #rtgpu.gemm<{{.*}}> splits k through a thread block cluster, which target sm_80 does not have (sm_90 or later)

// Split k (tile split_k): the blocks of a thread block cluster share a
// tile's k range and sum their partial tiles through distributed shared
// memory. A 128 x 768 x 3072 product (BERT's batch-1 FFN output) in 64 x 64
// tiles split 8 ways: grid.x = 12 tile columns x 8, clusters of 8 along x.
// CHECK-LABEL: func.func @split8
// CHECK: rt.launch = array<i64: 96, 2, 1, 128, 1, 1, 30720>
// CHECK-SAME: split_k = 8
// CHECK: gpu.func @{{.*}} kernel attributes {{{.*}}nvvm.cluster_dim = array<i32: 8, 1, 1>
// The cluster rank and tile column from block x.
// CHECK: %[[BX:.*]] = gpu.block_id x
// CHECK: %[[RANK:.*]] = arith.remui %[[BX]], %{{.*}} : index
// CHECK: arith.divui %[[BX]], %{{.*}} : index
// Each block takes 96 / 8 = 12 of the 32-deep k tiles, from rank * 12.
// CHECK: %[[KBASE:.*]] = arith.muli %[[RANK]], %{{.*}} : index
// CHECK: scf.for %{{.*}} = %{{.*}} to %c12{{.*}} step
// The partial tiles staged, then the cluster barrier, then this block's
// 64 / 8 = 8 rows of the sum over the 8 blocks (ranks 0 .. 7, mapa into
// each block's shared memory), then the epilogue.
// CHECK: vector.store {{.*}} : memref<64x68xf32, #gpu.address_space<workgroup>>, vector<2xf32>
// CHECK: nvvm.cluster.arrive {aligned}
// CHECK-NEXT: nvvm.cluster.wait {aligned}
// CHECK: arith.muli %[[RANK]], %c8{{.*}} : index
// CHECK: llvm.inttoptr {{.*}} to !llvm.ptr<3>
// CHECK: llvm.getelementptr
// CHECK-COUNT-8: nvvm.mapa {{.*}} : !llvm.ptr<3> -> !llvm.ptr<7>
// CHECK: llvm.load {{.*}} {alignment = 16 : i64} : !llvm.ptr<7> -> vector<8xf32>
// CHECK: arith.addf {{.*}} : vector<8xf32>
// CHECK: vector.store {{.*}} : memref<128x768xf16>, vector<8xf16>
// No block leaves while another may still read its shared memory.
// CHECK: nvvm.cluster.arrive {aligned}
// CHECK-NEXT: nvvm.cluster.wait {aligned}
// CHECK-NEXT: gpu.return
func.func @split8(%x: tensor<128x3072xf16>, %w: tensor<3072x768xf16>, %b: tensor<768xf16>) -> tensor<128x768xf16> {
  %0 = rt.fusion_group "ffn2" kind "gemm"(%x, %w, %b) {rtgpu.strategy = #rtgpu.gemm<kernel = mma_sync, block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2, stages = 3, split_k = 8>} : (tensor<128x3072xf16>, tensor<3072x768xf16>, tensor<768xf16>) -> tensor<128x768xf16> {
  ^bb0(%a: tensor<128x3072xf16>, %ww: tensor<3072x768xf16>, %bb: tensor<768xf16>):
    %1 = rt.gemm %a, %ww, %bb : (tensor<128x3072xf16>, tensor<3072x768xf16>, tensor<768xf16>) -> tensor<128x768xf16>
    rt.yield %1 : tensor<128x768xf16>
  }
  return %0 : tensor<128x768xf16>
}

// -----

// The heuristic on batch-1 shapes: the largest tile whose blocks, its k
// range split 2, 4 or 8 ways (at least 4 k tiles each), reach ~0.9 of a
// wave on 132 SMs. 128 x 768 x 3072: 64 x 64 tiles, 24 x 8 = 192 blocks.
// CHECK-LABEL: func.func @heuristic_ffn2
// CHECK: rt.launch = array<i64: 96, 2, 1, 128, 1, 1, 30720>
// CHECK-SAME: #rtgpu.gemm<kernel = mma_sync{{.*}}block_m = 64{{.*}}block_n = 64{{.*}}stages = 3{{.*}}split_k = 8
// SM80-LABEL: func.func @heuristic_ffn2
// SM80: rt.launch = array<i64: 24, 4, 1, 128, 1, 1, 15360>
// SM80-NOT: split_k
// SM80-SAME: block_m = 32, block_n = 32
func.func @heuristic_ffn2(%x: tensor<128x3072xf16>, %w: tensor<3072x768xf16>) -> tensor<128x768xf16> {
  %0 = rt.fusion_group "ffn2" kind "gemm"(%x, %w) : (tensor<128x3072xf16>, tensor<3072x768xf16>) -> tensor<128x768xf16> {
  ^bb0(%a: tensor<128x3072xf16>, %ww: tensor<3072x768xf16>):
    %1 = rt.matmul %a, %ww : (tensor<128x3072xf16>, tensor<3072x768xf16>) -> tensor<128x768xf16>
    rt.yield %1 : tensor<128x768xf16>
  }
  return %0 : tensor<128x768xf16>
}

// -----

// 128 x 3072 x 768 (BERT's batch-1 FFN input): 128 x 64 tiles split 4
// ways (6 k tiles each), 48 x 4 = 192 blocks.
// CHECK-LABEL: func.func @heuristic_ffn1
// CHECK: rt.launch = array<i64: 192, 1, 1, 128, 1, 1, 61440>
// CHECK-SAME: #rtgpu.gemm<kernel = mma_sync{{.*}}block_m = 128{{.*}}block_n = 64{{.*}}stages = 4{{.*}}split_k = 4
func.func @heuristic_ffn1(%x: tensor<128x768xf16>, %w: tensor<768x3072xf16>) -> tensor<128x3072xf16> {
  %0 = rt.fusion_group "ffn1" kind "gemm"(%x, %w) : (tensor<128x768xf16>, tensor<768x3072xf16>) -> tensor<128x3072xf16> {
  ^bb0(%a: tensor<128x768xf16>, %ww: tensor<768x3072xf16>):
    %1 = rt.matmul %a, %ww : (tensor<128x768xf16>, tensor<768x3072xf16>) -> tensor<128x3072xf16>
    rt.yield %1 : tensor<128x3072xf16>
  }
  return %0 : tensor<128x3072xf16>
}

// -----

// A shallow product is not split (each block would keep fewer than 4 k
// tiles): 32 x 32 tiles as before.
// CHECK-LABEL: func.func @heuristic_shallow
// CHECK-NOT: split_k
// CHECK: block_m = 32, block_n = 32
func.func @heuristic_shallow(%x: tensor<128x96xf16>, %w: tensor<96x768xf16>) -> tensor<128x768xf16> {
  %0 = rt.fusion_group "fc" kind "gemm"(%x, %w) : (tensor<128x96xf16>, tensor<96x768xf16>) -> tensor<128x768xf16> {
  ^bb0(%a: tensor<128x96xf16>, %ww: tensor<96x768xf16>):
    %1 = rt.matmul %a, %ww : (tensor<128x96xf16>, tensor<96x768xf16>) -> tensor<128x768xf16>
    rt.yield %1 : tensor<128x768xf16>
  }
  return %0 : tensor<128x768xf16>
}

// -----

// A convolution (ResNet-50's last 3x3, batch 1: 49 x 512 x 4608): 32 x 64
// tiles split 8 ways, 2 x 8 x 8 = 128 blocks; 32 / 8 = 4 rows per block
// in the epilogue, 32 of 128 threads with a 16-byte column chunk.
// CHECK-LABEL: func.func @heuristic_conv
// CHECK: rt.launch = array<i64: 64, 2, 1, 128, 1, 1, 23040>
// CHECK-SAME: #rtgpu.gemm<kernel = mma_sync{{.*}}block_m = 32{{.*}}block_n = 64{{.*}}split_k = 8
// CHECK: nvvm.cluster_dim = array<i32: 8, 1, 1>
// CHECK: nvvm.cluster.wait
// CHECK: arith.cmpi ult, %{{.*}}, %c32{{.*}} : index
// CHECK-NEXT: scf.if
func.func @heuristic_conv(%x: tensor<1x7x7x512xf16>, %w: tensor<512x3x3x512xf16>, %b: tensor<512xf16>) -> tensor<1x7x7x512xf16> {
  %0 = rt.fusion_group "conv" kind "conv"(%x, %w, %b) : (tensor<1x7x7x512xf16>, tensor<512x3x3x512xf16>, tensor<512xf16>) -> tensor<1x7x7x512xf16> {
  ^bb0(%a: tensor<1x7x7x512xf16>, %ww: tensor<512x3x3x512xf16>, %bb: tensor<512xf16>):
    %1 = rt.conv %a, %ww, %bb {channels_last = 1 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x7x7x512xf16>, tensor<512x3x3x512xf16>, tensor<512xf16>) -> tensor<1x7x7x512xf16>
    %2 = rt.relu %1 : (tensor<1x7x7x512xf16>) -> tensor<1x7x7x512xf16>
    rt.yield %2 : tensor<1x7x7x512xf16>
  }
  return %0 : tensor<1x7x7x512xf16>
}

// -----

func.func @split_range(%x: tensor<128x3072xf16>, %w: tensor<3072x768xf16>) -> tensor<128x768xf16> {
  // expected-error @+1 {{GEMM tile: split_k = 16 is not 1 to 8 (the blocks of one thread block cluster)}}
  %0 = rt.fusion_group "mm" kind "gemm"(%x, %w) {rtgpu.strategy = #rtgpu.gemm<kernel = mma_sync, block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2, stages = 3, split_k = 16>} : (tensor<128x3072xf16>, tensor<3072x768xf16>) -> tensor<128x768xf16> {
  ^bb0(%a: tensor<128x3072xf16>, %ww: tensor<3072x768xf16>):
    %1 = rt.matmul %a, %ww : (tensor<128x3072xf16>, tensor<3072x768xf16>) -> tensor<128x768xf16>
    rt.yield %1 : tensor<128x768xf16>
  }
  return %0 : tensor<128x768xf16>
}

// -----

func.func @split_rows(%x: tensor<128x3072xf16>, %w: tensor<3072x768xf16>) -> tensor<128x768xf16> {
  // expected-error @+1 {{mma.sync tile 64x64x32 (warps 2x2, stages 3): split_k = 3 must divide block_m (each block of the cluster sums and stores block_m / split_k rows)}}
  %0 = rt.fusion_group "mm" kind "gemm"(%x, %w) {rtgpu.strategy = #rtgpu.gemm<kernel = mma_sync, block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2, stages = 3, split_k = 3>} : (tensor<128x3072xf16>, tensor<3072x768xf16>) -> tensor<128x768xf16> {
  ^bb0(%a: tensor<128x3072xf16>, %ww: tensor<3072x768xf16>):
    %1 = rt.matmul %a, %ww : (tensor<128x3072xf16>, tensor<3072x768xf16>) -> tensor<128x768xf16>
    rt.yield %1 : tensor<128x768xf16>
  }
  return %0 : tensor<128x768xf16>
}

// -----

func.func @split_wmma(%x: tensor<128x3072xf16>, %w: tensor<3072x768xf16>) -> tensor<128x768xf16> {
  // expected-error @+1 {{GEMM tile: the WMMA kernel does not split k (use mma_sync or wgmma)}}
  %0 = rt.fusion_group "mm" kind "gemm"(%x, %w) {rtgpu.strategy = #rtgpu.gemm<kernel = wmma, block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2, split_k = 2>} : (tensor<128x3072xf16>, tensor<3072x768xf16>) -> tensor<128x768xf16> {
  ^bb0(%a: tensor<128x3072xf16>, %ww: tensor<3072x768xf16>):
    %1 = rt.matmul %a, %ww : (tensor<128x3072xf16>, tensor<3072x768xf16>) -> tensor<128x768xf16>
    rt.yield %1 : tensor<128x768xf16>
  }
  return %0 : tensor<128x768xf16>
}
