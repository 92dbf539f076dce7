// RUN: rt-opt %s --rt-generate-kernels --split-input-file --verify-diagnostics | FileCheck %s

// An element-wise group whose innermost dimension is whole 16-byte chunks:
// each thread computes 8 consecutive elements (grid-stride loop over the 4
// chunks); the input and the bias indexed by the innermost index are read
// 8 at a time (float16, computed in float32), the result stored with one
// 16-byte store; launch recorded.
// CHECK-LABEL: func.func @add_relu
// CHECK: rt.fusion_group "add_relu" kind "elementwise"
// CHECK-SAME: rt.kernel = @rt_kernels::@[[K:k[0-9]+_add_relu]]
// CHECK-SAME: rt.launch = array<i64: 1, 1, 1, 256, 1, 1, 0>
// CHECK-SAME: rtgpu.strategy = #rtgpu.elemental<threads = 256>
// CHECK: gpu.module @rt_kernels
// CHECK: gpu.func @[[K]](%{{.*}}: memref<4x8xf16>, %{{.*}}: memref<8xf16>, %[[OUT:.*]]: memref<4x8xf16>) kernel
// CHECK-SAME: known_block_size = array<i32: 256, 1, 1>
// CHECK: scf.for %{{.*}} = %{{.*}} to %c4
// CHECK: %[[X:.+]] = vector.load %{{.*}} {alignment = 16 : i64} : memref<4x8xf16>, vector<8xf16>
// CHECK: vector.extract %[[X]][0]
// CHECK: arith.extf
// CHECK: vector.load %{{.*}} : memref<8xf16>, vector<8xf16>
// CHECK: arith.addf
// CHECK: arith.maximumf
// CHECK: %[[R:.+]] = vector.from_elements {{.*}} : vector<8xf16>
// CHECK: vector.store %[[R]], %[[OUT]]
// CHECK-NOT: memref.load
func.func @add_relu(%x: tensor<4x8xf16>, %b: tensor<8xf16>) -> tensor<4x8xf16> {
  %0 = rt.fusion_group "add_relu" kind "elementwise"(%x, %b) : (tensor<4x8xf16>, tensor<8xf16>) -> tensor<4x8xf16> {
  ^bb0(%a: tensor<4x8xf16>, %c: tensor<8xf16>):
    %1 = rt.add %a, %c : (tensor<4x8xf16>, tensor<8xf16>) -> tensor<4x8xf16>
    %2 = rt.relu %1 : (tensor<4x8xf16>) -> tensor<4x8xf16>
    rt.yield %2 : tensor<4x8xf16>
  }
  return %0 : tensor<4x8xf16>
}

// -----

// Non-splat constants become group inputs (their data goes with the
// weights); splats stay scalars in the kernel; a recorded tile is kept.
// CHECK-LABEL: func.func @constants
// CHECK: %[[C:.+]] = rt.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]>
// CHECK: rt.fusion_group "scale" kind "elementwise"(%{{.*}}, %[[C]])
// CHECK-SAME: rt.launch = array<i64: 1, 1, 1, 64, 1, 1, 0>
// CHECK: gpu.func @{{.*}}(%{{.*}}: memref<2x3xf32>, %{{.*}}: memref<3xf32>, %{{.*}}: memref<2x3xf32>)
// CHECK: arith.constant 5.000000e-01 : f32
func.func @constants(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = rt.fusion_group "scale" kind "elementwise"(%x) {rtgpu.strategy = #rtgpu.elemental<threads = 64>} : (tensor<2x3xf32>) -> tensor<2x3xf32> {
  ^bb0(%a: tensor<2x3xf32>):
    %w = rt.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
    %h = rt.constant dense<0.5> : tensor<f32>
    %1 = rt.mul %a, %w : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
    %2 = rt.mul %1, %h : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
    rt.yield %2 : tensor<2x3xf32>
  }
  return %0 : tensor<2x3xf32>
}

// -----

// Views remap indices; a transpose reads its input at permuted indices.
// CHECK-LABEL: func.func @transpose
// CHECK: gpu.func
// CHECK: %[[I1:.+]] = arith.remui
// CHECK: %[[I0:.+]] = arith.divui
// CHECK: memref.load %{{.*}}[%[[I1]], %[[I0]]] : memref<3x2xf32>
func.func @transpose(%x: tensor<3x2xf32>) -> tensor<2x3xf32> {
  %0 = rt.fusion_group "t" kind "copy"(%x) : (tensor<3x2xf32>) -> tensor<2x3xf32> {
  ^bb0(%a: tensor<3x2xf32>):
    %1 = rt.transpose %a {perm = array<i64: 1, 0>} : (tensor<3x2xf32>) -> tensor<2x3xf32>
    rt.yield %1 : tensor<2x3xf32>
  }
  return %0 : tensor<2x3xf32>
}

// -----

func.func @dynamic(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  // expected-error @+1 {{fusion group 'r' has a value of type 'tensor<?x3xf32>' without a static shape: fix the input shapes (rt-set-input-shapes) before GPU code generation}}
  %0 = rt.fusion_group "r" kind "elementwise"(%x) : (tensor<?x3xf32>) -> tensor<?x3xf32> {
  ^bb0(%a: tensor<?x3xf32>):
    %1 = rt.relu %a : (tensor<?x3xf32>) -> tensor<?x3xf32>
    rt.yield %1 : tensor<?x3xf32>
  }
  return %0 : tensor<?x3xf32>
}

// -----

func.func @no_gpu_form(%x: tensor<1x4x2x2xf32>, %s: tensor<4xf32>) -> tensor<1x4x2x2xf32> {
  %0 = rt.fusion_group "gn" kind "reduction"(%x, %s) : (tensor<1x4x2x2xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32> {
  ^bb0(%a: tensor<1x4x2x2xf32>, %b: tensor<4xf32>):
    // expected-error @+1 {{cannot generate GPU code for 'rt.group_normalization' in fusion group 'gn': no GPU kernel form for this op yet}}
    %1 = rt.group_normalization %a, %b, %b {num_groups = 2 : i64} : (tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
    rt.yield %1 : tensor<1x4x2x2xf32>
  }
  return %0 : tensor<1x4x2x2xf32>
}

// -----

// Einsum: the CPU lowering's plan (lowering::planEinsum); one loop over the
// reduced labels, the inputs multiplied at their labels.
// CHECK-LABEL: func.func @einsum
// CHECK: gpu.func
// CHECK: scf.for
// CHECK: memref.load %{{.*}} : memref<2x3xf32>
// CHECK: memref.load %{{.*}} : memref<3x4xf32>
// CHECK: arith.mulf
// CHECK: arith.addf
func.func @einsum(%x: tensor<2x3xf32>, %y: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %0 = rt.fusion_group "es" kind "gemm"(%x, %y) : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32> {
  ^bb0(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>):
    %1 = rt.einsum %a, %b {equation = "ij,jk->ik"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
    rt.yield %1 : tensor<2x4xf32>
  }
  return %0 : tensor<2x4xf32>
}

// -----

// ScatterElements (reduction add) in pull form: the data element, then
// every update aimed at it combined in order.
// CHECK-LABEL: func.func @scatter_add
// CHECK: gpu.func
// CHECK: memref.load %{{.*}} : memref<1x5xf32>
// CHECK: scf.for
// CHECK: memref.load %{{.*}} : memref<1x2xi64>
// CHECK: arith.addf
// CHECK: arith.select
func.func @scatter_add(%x: tensor<1x5xf32>, %i: tensor<1x2xi64>, %u: tensor<1x2xf32>) -> tensor<1x5xf32> {
  %0 = rt.fusion_group "sc" kind "copy"(%x, %i, %u) : (tensor<1x5xf32>, tensor<1x2xi64>, tensor<1x2xf32>) -> tensor<1x5xf32> {
  ^bb0(%a: tensor<1x5xf32>, %b: tensor<1x2xi64>, %c: tensor<1x2xf32>):
    %1 = rt.scatter_elements %a, %b, %c {axis = 1 : i64, reduction = "add"} : (tensor<1x5xf32>, tensor<1x2xi64>, tensor<1x2xf32>) -> tensor<1x5xf32>
    rt.yield %1 : tensor<1x5xf32>
  }
  return %0 : tensor<1x5xf32>
}

// -----

// GatherND: the index tuple read per output element, wrapped and clamped.
// CHECK-LABEL: func.func @gather_nd
// CHECK: gpu.func
// CHECK-COUNT-2: memref.load %{{.*}} : memref<2x2xi64>
// CHECK: memref.load %{{.*}} : memref<2x2xf32>
func.func @gather_nd(%x: tensor<2x2xf32>, %i: tensor<2x2xi64>) -> tensor<2xf32> {
  %0 = rt.fusion_group "gnd" kind "copy"(%x, %i) : (tensor<2x2xf32>, tensor<2x2xi64>) -> tensor<2xf32> {
  ^bb0(%a: tensor<2x2xf32>, %b: tensor<2x2xi64>):
    %1 = rt.gather_nd %a, %b : (tensor<2x2xf32>, tensor<2x2xi64>) -> tensor<2xf32>
    rt.yield %1 : tensor<2xf32>
  }
  return %0 : tensor<2xf32>
}

// -----

// LRN, inference BatchNormalization and InstanceNormalization: elemental
// forms with the CPU lowering's arithmetic.
// CHECK-LABEL: func.func @norms
// CHECK: gpu.func
// CHECK: math.powf
// CHECK: math.sqrt
// CHECK: scf.for
// CHECK: math.sqrt
func.func @norms(%x: tensor<1x8x4x4xf32>, %s: tensor<8xf32>, %b: tensor<8xf32>) -> (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) {
  %0:3 = rt.fusion_group "norms" kind "reduction"(%x, %s, %b) : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>) -> (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) {
  ^bb0(%a: tensor<1x8x4x4xf32>, %sc: tensor<8xf32>, %bi: tensor<8xf32>):
    %1 = rt.lrn %a {size = 3 : i64} : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
    %2 = rt.batch_normalization %a, %sc, %bi, %bi, %sc : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
    %3 = rt.instance_normalization %a, %sc, %bi : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
    rt.yield %1, %2, %3 : tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>
  }
  return %0#0, %0#1, %0#2 : tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>
}

// -----

func.func @bad_kernel(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{fusion group 'r': #rtgpu.override<kernel = wgmma_gemm> is not a kernel strategy (#rtgpu.gemm, #rtgpu.attention, #rtgpu.norm_row, #rtgpu.depthwise or #rtgpu.elemental)}}
  %0 = rt.fusion_group "r" kind "elementwise"(%x) {rtgpu.strategy = #rtgpu.override<kernel = wgmma_gemm>} : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>):
    %1 = rt.relu %a : (tensor<4xf32>) -> tensor<4xf32>
    rt.yield %1 : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// -----

func.func @bad_block(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{elemental: threads = 100 is not a multiple of 32 in [32, 1024]}}
  %0 = rt.fusion_group "r" kind "elementwise"(%x) {rtgpu.strategy = #rtgpu.elemental<threads = 100>} : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>):
    %1 = rt.relu %a : (tensor<4xf32>) -> tensor<4xf32>
    rt.yield %1 : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// -----

// Pad (constant mode): the pads stay a compile-time constant inside the
// kernel (not a kernel input); an index outside the input reads the value.
// CHECK-LABEL: func.func @pad_channels
// CHECK: gpu.func @k0_pad(%{{.*}}: memref<1x4x4x3xf16>, %{{.*}}: memref<1x4x4x8xf16>)
// CHECK: arith.cmpi sle
// CHECK: memref.load %{{.*}} : memref<1x4x4x3xf16>
// CHECK: arith.select
// CHECK: vector.store %{{.*}} : memref<1x4x4x8xf16>, vector<8xf16>
func.func @pad_channels(%x: tensor<1x4x4x3xf16>) -> tensor<1x4x4x8xf16> {
  %0 = rt.fusion_group "pad" kind "copy"(%x) : (tensor<1x4x4x3xf16>) -> tensor<1x4x4x8xf16> {
  ^bb0(%a: tensor<1x4x4x3xf16>):
    %p = rt.constant dense<[0, 0, 0, 0, 0, 0, 0, 5]> : tensor<8xi64>
    %1 = rt.pad %a pads %p : (tensor<1x4x4x3xf16>, tensor<8xi64>) -> tensor<1x4x4x8xf16>
    rt.yield %1 : tensor<1x4x4x8xf16>
  }
  return %0 : tensor<1x4x4x8xf16>
}

// -----

// Reflect mode folds indices back into the input.
// CHECK-LABEL: func.func @pad_reflect
// CHECK: arith.remsi
// CHECK: arith.select
// CHECK-NOT: arith.cmpi sle
// CHECK: memref.store %{{.*}} : memref<7xf32>
func.func @pad_reflect(%x: tensor<4xf32>) -> tensor<7xf32> {
  %0 = rt.fusion_group "pad" kind "copy"(%x) : (tensor<4xf32>) -> tensor<7xf32> {
  ^bb0(%a: tensor<4xf32>):
    %p = rt.constant dense<[2, 1]> : tensor<2xi64>
    %1 = rt.pad %a pads %p {mode = "reflect"} : (tensor<4xf32>, tensor<2xi64>) -> tensor<7xf32>
    rt.yield %1 : tensor<7xf32>
  }
  return %0 : tensor<7xf32>
}

// -----

func.func @pad_dynamic_amounts(%x: tensor<4xf32>, %p: tensor<2xi64>) -> tensor<7xf32> {
  %0 = rt.fusion_group "pad" kind "copy"(%x, %p) : (tensor<4xf32>, tensor<2xi64>) -> tensor<7xf32> {
  ^bb0(%a: tensor<4xf32>, %pp: tensor<2xi64>):
    // expected-error @+1 {{cannot generate GPU code for 'rt.pad' in fusion group 'pad': the pads (and axes) must be constants}}
    %1 = rt.pad %a pads %pp : (tensor<4xf32>, tensor<2xi64>) -> tensor<7xf32>
    rt.yield %1 : tensor<7xf32>
  }
  return %0 : tensor<7xf32>
}

// -----

// Index-remapping ops: Slice (constant parameters stay in the kernel; a
// negative step walks backwards), Tile (modulo), DepthToSpace (CRD), Trilu
// and EyeLike (selects).
// CHECK-LABEL: func.func @remaps
// CHECK: gpu.func @k0_remaps(%{{.*}}: memref<4x6xf32>, %{{.*}}: memref<1x8x2x2xf32>, %{{.*}}: memref<2x3xf32>, %{{.*}}: memref<8x12xf32>, %{{.*}}: memref<1x2x4x4xf32>, %{{.*}}: memref<4x6xf32>, %{{.*}}: memref<4x6xf32>)
// CHECK-DAG: arith.muli %{{.*}}, %c-2
// CHECK-DAG: arith.remui
// CHECK-DAG: arith.cmpi sge
// CHECK-DAG: arith.cmpi eq
func.func @remaps(%x: tensor<4x6xf32>, %d: tensor<1x8x2x2xf32>) -> (tensor<2x3xf32>, tensor<8x12xf32>, tensor<1x2x4x4xf32>, tensor<4x6xf32>, tensor<4x6xf32>) {
  %0:5 = rt.fusion_group "remaps" kind "copy"(%x, %d) : (tensor<4x6xf32>, tensor<1x8x2x2xf32>) -> (tensor<2x3xf32>, tensor<8x12xf32>, tensor<1x2x4x4xf32>, tensor<4x6xf32>, tensor<4x6xf32>) {
  ^bb0(%a: tensor<4x6xf32>, %dd: tensor<1x8x2x2xf32>):
    %starts = rt.constant dense<[3, 5]> : tensor<2xi64>
    %ends = rt.constant dense<[0, 0]> : tensor<2xi64>
    %axes = rt.constant dense<[0, 1]> : tensor<2xi64>
    %steps = rt.constant dense<[-2, -2]> : tensor<2xi64>
    %1 = rt.slice %a starts %starts ends %ends axes %axes steps %steps : (tensor<4x6xf32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> tensor<2x3xf32>
    %reps = rt.constant dense<[2, 2]> : tensor<2xi64>
    %2 = rt.tile %a, %reps : (tensor<4x6xf32>, tensor<2xi64>) -> tensor<8x12xf32>
    %3 = rt.depth_to_space %dd {blocksize = 2 : i64, mode = "CRD"} : (tensor<1x8x2x2xf32>) -> tensor<1x2x4x4xf32>
    %k = rt.constant dense<1> : tensor<i64>
    %4 = rt.trilu %a, %k {upper = 1 : i64} : (tensor<4x6xf32>, tensor<i64>) -> tensor<4x6xf32>
    %5 = rt.eye_like %a {k = -1 : i64} : (tensor<4x6xf32>) -> tensor<4x6xf32>
    rt.yield %1, %2, %3, %4, %5 : tensor<2x3xf32>, tensor<8x12xf32>, tensor<1x2x4x4xf32>, tensor<4x6xf32>, tensor<4x6xf32>
  }
  return %0#0, %0#1, %0#2, %0#3, %0#4 : tensor<2x3xf32>, tensor<8x12xf32>, tensor<1x2x4x4xf32>, tensor<4x6xf32>, tensor<4x6xf32>
}

// -----

// ArgMax: a loop along the axis carrying the best value and its index (ties
// keep the last one with select_last_index).
// CHECK-LABEL: func.func @argmax
// CHECK: gpu.func @k0_argmax(%{{.*}}: memref<3x7xf32>, %{{.*}}: memref<3x1xi64>)
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (f32, i64)
// CHECK: arith.cmpf oge
// CHECK: arith.select
// CHECK: memref.store %{{.*}} : memref<3x1xi64>
func.func @argmax(%x: tensor<3x7xf32>) -> tensor<3x1xi64> {
  %0 = rt.fusion_group "argmax" kind "reduction"(%x) : (tensor<3x7xf32>) -> tensor<3x1xi64> {
  ^bb0(%a: tensor<3x7xf32>):
    %1 = rt.arg_max %a {axis = 1 : i64, select_last_index = 1 : i64} : (tensor<3x7xf32>) -> tensor<3x1xi64>
    rt.yield %1 : tensor<3x1xi64>
  }
  return %0 : tensor<3x1xi64>
}

// -----

// CumSum along a constant axis (exclusive, reversed) and OneHot (negative
// indices count from the back of the depth).
// CHECK-LABEL: func.func @cumsum_onehot
// CHECK: scf.for {{.*}} -> (f32)
// CHECK: arith.cmpi ugt
// CHECK: arith.cmpi eq
func.func @cumsum_onehot(%x: tensor<2x5xf32>, %i: tensor<3xi64>, %v: tensor<2xf32>) -> (tensor<2x5xf32>, tensor<3x4xf32>) {
  %0:2 = rt.fusion_group "misc" kind "reduction"(%x, %i, %v) : (tensor<2x5xf32>, tensor<3xi64>, tensor<2xf32>) -> (tensor<2x5xf32>, tensor<3x4xf32>) {
  ^bb0(%a: tensor<2x5xf32>, %ii: tensor<3xi64>, %vv: tensor<2xf32>):
    %axis = rt.constant dense<1> : tensor<i64>
    %1 = rt.cumsum %a, %axis {exclusive = 1 : i64, reverse = 1 : i64} : (tensor<2x5xf32>, tensor<i64>) -> tensor<2x5xf32>
    %d = rt.constant dense<4> : tensor<i64>
    %2 = rt.one_hot %ii, %d, %vv : (tensor<3xi64>, tensor<i64>, tensor<2xf32>) -> tensor<3x4xf32>
    rt.yield %1, %2 : tensor<2x5xf32>, tensor<3x4xf32>
  }
  return %0#0, %0#1 : tensor<2x5xf32>, tensor<3x4xf32>
}

// -----

// Resize (linear, constant scales): the element computation is the CPU
// lowering's (lowering::buildResizeElement), reading the input through the
// emitter; the scales stay a compile-time constant in the kernel.
// CHECK-LABEL: func.func @resize_linear
// CHECK: gpu.func @k0_up(%{{.*}}: memref<1x2x4x4xf32>, %{{.*}}: memref<1x2x8x8xf32>)
// CHECK: math.floor
// CHECK-COUNT-4: memref.load %{{.*}} : memref<1x2x4x4xf32>
// CHECK: vector.store %{{.*}} : memref<1x2x8x8xf32>, vector<8xf32>
func.func @resize_linear(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x8x8xf32> {
  %0 = rt.fusion_group "up" kind "copy"(%x) : (tensor<1x2x4x4xf32>) -> tensor<1x2x8x8xf32> {
  ^bb0(%a: tensor<1x2x4x4xf32>):
    %s = rt.constant dense<[1.0, 1.0, 2.0, 2.0]> : tensor<4xf32>
    %1 = rt.resize %a scales %s {mode = "linear"} : (tensor<1x2x4x4xf32>, tensor<4xf32>) -> tensor<1x2x8x8xf32>
    rt.yield %1 : tensor<1x2x8x8xf32>
  }
  return %0 : tensor<1x2x8x8xf32>
}

// -----

// tf_crop_and_resize with a constant box: the CPU lowering's element
// computation, the extrapolation value where the source lies outside.
// CHECK-LABEL: func.func @resize_crop_const
// CHECK: gpu.func @k0_crop
// CHECK: arith.ori
// CHECK: arith.select %{{.*}}, %cst{{.*}}, %{{.*}} : f32
func.func @resize_crop_const(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32> {
  %0 = rt.fusion_group "crop" kind "copy"(%x) : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32> {
  ^bb0(%a: tensor<1x1x4x4xf32>):
    %r = rt.constant dense<[0.0, 0.0, 0.4, 0.6, 1.0, 1.0, 1.2, 1.7]> : tensor<8xf32>
    %n = rt.constant dense<[1, 1, 3, 3]> : tensor<4xi64>
    %1 = rt.resize %a roi %r sizes %n {mode = "linear", coordinate_transformation_mode = "tf_crop_and_resize", extrapolation_value = 10.0 : f32} : (tensor<1x1x4x4xf32>, tensor<8xf32>, tensor<4xi64>) -> tensor<1x1x3x3xf32>
    rt.yield %1 : tensor<1x1x3x3xf32>
  }
  return %0 : tensor<1x1x3x3xf32>
}

// -----

// tf_crop_and_resize with a box computed at run time has no GPU form.
func.func @resize_crop(%x: tensor<1x1x4x4xf32>, %roi: tensor<8xf32>) -> tensor<1x1x3x3xf32> {
  %0 = rt.fusion_group "crop" kind "copy"(%x, %roi) : (tensor<1x1x4x4xf32>, tensor<8xf32>) -> tensor<1x1x3x3xf32> {
  ^bb0(%a: tensor<1x1x4x4xf32>, %r: tensor<8xf32>):
    %n = rt.constant dense<[1, 1, 3, 3]> : tensor<4xi64>
    // expected-error @+1 {{cannot generate GPU code for 'rt.resize' in fusion group 'crop': only nearest, linear and cubic modes with constant scales or sizes (and roi, for tf_crop_and_resize) and no antialiasing have a GPU form}}
    %1 = rt.resize %a roi %r sizes %n {mode = "linear", coordinate_transformation_mode = "tf_crop_and_resize"} : (tensor<1x1x4x4xf32>, tensor<8xf32>, tensor<4xi64>) -> tensor<1x1x3x3xf32>
    rt.yield %1 : tensor<1x1x3x3xf32>
  }
  return %0 : tensor<1x1x3x3xf32>
}

// -----

// QuantizeLinear per axis (float32 / scale, round half to even, plus the
// zero point, saturated to int8) and DequantizeLinear back, the CPU
// lowering's arithmetic; parameters indexed by the axis.
// CHECK-LABEL: func.func @quantize_dequantize
// CHECK: gpu.func
// CHECK: arith.divf
// CHECK: math.roundeven
// CHECK: arith.maximumf
// CHECK: arith.minimumf
// CHECK: arith.fptosi {{.*}} : f32 to i8
// CHECK: arith.sitofp {{.*}} : i8 to f32
// CHECK: arith.subf
// CHECK: arith.mulf
func.func @quantize_dequantize(%x: tensor<2x3xf32>, %s: tensor<3xf32>, %z: tensor<3xi8>) -> tensor<2x3xf32> {
  %0 = rt.fusion_group "qdq" kind "elementwise"(%x, %s, %z) : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xi8>) -> tensor<2x3xf32> {
  ^bb0(%a: tensor<2x3xf32>, %sc: tensor<3xf32>, %zp: tensor<3xi8>):
    %1 = rt.quantize_linear %a, %sc, %zp {axis = 1 : i64} : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xi8>) -> tensor<2x3xi8>
    %2 = rt.dequantize_linear %1, %sc, %zp {axis = 1 : i64} : (tensor<2x3xi8>, tensor<3xf32>, tensor<3xi8>) -> tensor<2x3xf32>
    rt.yield %2 : tensor<2x3xf32>
  }
  return %0 : tensor<2x3xf32>
}

// -----

// Results of two shapes sharing an index-free value (a reduction's scalar,
// as DynamicQuantizeLinear's scale): each shape's loop memoizes in its own
// scope, so the second loop recomputes the value instead of using one
// defined in the first (the IR verifies).
// CHECK-LABEL: func.func @two_shapes_shared_scalar
// CHECK: gpu.func
// CHECK-COUNT-2: scf.for
// CHECK: gpu.return
func.func @two_shapes_shared_scalar(%x: tensor<6xf32>) -> (tensor<f32>, tensor<6xf32>) {
  %0:2 = rt.fusion_group "dyn" kind "reduction"(%x) : (tensor<6xf32>) -> (tensor<f32>, tensor<6xf32>) {
  ^bb0(%a: tensor<6xf32>):
    %m = rt.reduce_max %a {keepdims = 0 : i64} : (tensor<6xf32>) -> tensor<f32>
    %d = rt.div %a, %m : (tensor<6xf32>, tensor<f32>) -> tensor<6xf32>
    rt.yield %m, %d : tensor<f32>, tensor<6xf32>
  }
  return %0#0, %0#1 : tensor<f32>, tensor<6xf32>
}

// -----

// ConvTranspose (NCHW): an output element sums over the group's input
// channels and the kernel taps whose input position i * stride = o + pad -
// k * dilation is exact and inside the input, as the CPU lowering does;
// the bias per output channel.
// CHECK-LABEL: func.func @conv_transpose
// CHECK: gpu.func
// CHECK: scf.for
// CHECK: scf.for
// CHECK: scf.for
// CHECK: arith.remsi
// CHECK: arith.divsi
// CHECK: memref.load %{{.*}} : memref<1x2x3x3xf32>
// CHECK: memref.load %{{.*}} : memref<2x4x3x3xf32>
// CHECK: memref.load %{{.*}} : memref<4xf32>
func.func @conv_transpose(%x: tensor<1x2x3x3xf32>, %w: tensor<2x4x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x5x5xf32> {
  %0 = rt.fusion_group "up" kind "conv"(%x, %w, %b) : (tensor<1x2x3x3xf32>, tensor<2x4x3x3xf32>, tensor<4xf32>) -> tensor<1x4x5x5xf32> {
  ^bb0(%a: tensor<1x2x3x3xf32>, %ww: tensor<2x4x3x3xf32>, %bb: tensor<4xf32>):
    %1 = rt.conv_transpose %a, %ww, %bb {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x2x3x3xf32>, tensor<2x4x3x3xf32>, tensor<4xf32>) -> tensor<1x4x5x5xf32>
    rt.yield %1 : tensor<1x4x5x5xf32>
  }
  return %0 : tensor<1x4x5x5xf32>
}

// -----

// TopK by the CPU lowering's ranking: for output position j, the element
// with exactly j better elements along the axis (two nested loops).
// CHECK-LABEL: func.func @top_k
// CHECK: gpu.func
// CHECK: scf.for
// CHECK: scf.for
// CHECK: arith.cmpf ogt
// CHECK: arith.index_cast {{.*}} : index to i64
func.func @top_k(%x: tensor<2x6xf32>) -> (tensor<2x3xf32>, tensor<2x3xi64>) {
  %0:2 = rt.fusion_group "tk" kind "reduction"(%x) : (tensor<2x6xf32>) -> (tensor<2x3xf32>, tensor<2x3xi64>) {
  ^bb0(%a: tensor<2x6xf32>):
    %k = rt.constant dense<3> : tensor<1xi64>
    %v, %i = rt.top_k %a, %k : (tensor<2x6xf32>, tensor<1xi64>) -> (tensor<2x3xf32>, tensor<2x3xi64>)
    rt.yield %v, %i : tensor<2x3xf32>, tensor<2x3xi64>
  }
  return %0#0, %0#1 : tensor<2x3xf32>, tensor<2x3xi64>
}

// -----

// Einsum with an ellipsis: its dimensions get labels of their own (here
// "Aij,Ajk->Aik"), and a dimension of size 1 broadcasts (read at index 0).
// CHECK-LABEL: func.func @einsum_ellipsis
// CHECK: gpu.func @k0_es
// CHECK: scf.for
// CHECK: memref.load %{{.*}} : memref<1x4x5xf32>
// CHECK: arith.mulf
// CHECK: arith.addf
func.func @einsum_ellipsis(%x: tensor<2x3x4xf32>, %y: tensor<1x4x5xf32>) -> tensor<2x3x5xf32> {
  %0 = rt.fusion_group "es" kind "gemm"(%x, %y) : (tensor<2x3x4xf32>, tensor<1x4x5xf32>) -> tensor<2x3x5xf32> {
  ^bb0(%a: tensor<2x3x4xf32>, %b: tensor<1x4x5xf32>):
    %1 = rt.einsum %a, %b {equation = "...ij,...jk->...ik"} : (tensor<2x3x4xf32>, tensor<1x4x5xf32>) -> tensor<2x3x5xf32>
    rt.yield %1 : tensor<2x3x5xf32>
  }
  return %0 : tensor<2x3x5xf32>
}

// -----

// Forms with limits: each reports the op, the group and why.
func.func @dequantize_float(%x: tensor<4xf32>, %s: tensor<f32>) -> tensor<4xf32> {
  %0 = rt.fusion_group "dq" kind "elementwise"(%x, %s) : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>, %b: tensor<f32>):
    // expected-error @+1 {{cannot generate GPU code for 'rt.dequantize_linear' in fusion group 'dq': the input must be an integer tensor}}
    %1 = rt.dequantize_linear %a, %b : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
    rt.yield %1 : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// -----

func.func @quantize_fp8(%x: tensor<4xf32>, %s: tensor<f32>) -> tensor<4xf8E4M3FN> {
  %0 = rt.fusion_group "q" kind "elementwise"(%x, %s) : (tensor<4xf32>, tensor<f32>) -> tensor<4xf8E4M3FN> {
  ^bb0(%a: tensor<4xf32>, %b: tensor<f32>):
    // expected-error @+1 {{cannot generate GPU code for 'rt.quantize_linear' in fusion group 'q': the result must be an integer tensor}}
    %1 = rt.quantize_linear %a, %b {output_dtype = f8E4M3FN} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf8E4M3FN>
    rt.yield %1 : tensor<4xf8E4M3FN>
  }
  return %0 : tensor<4xf8E4M3FN>
}

// -----

func.func @scatter_bad_reduction(%x: tensor<4xf32>, %i: tensor<2xi64>, %u: tensor<2xf32>) -> tensor<4xf32> {
  %0 = rt.fusion_group "sc" kind "copy"(%x, %i, %u) : (tensor<4xf32>, tensor<2xi64>, tensor<2xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>, %b: tensor<2xi64>, %c: tensor<2xf32>):
    // expected-error @+1 {{cannot generate GPU code for 'rt.scatter_elements' in fusion group 'sc': unknown reduction 'foo'}}
    %1 = rt.scatter_elements %a, %b, %c {reduction = "foo"} : (tensor<4xf32>, tensor<2xi64>, tensor<2xf32>) -> tensor<4xf32>
    rt.yield %1 : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// -----

// A group whose results have no elements (Trilu of a 3x0x5 tensor) is an
// empty kernel (index arithmetic over the zero extent would divide by zero)
// with its empty operands declared 1-D (NVVM rejects memref<3x0x5xi64>).
// CHECK-LABEL: func.func @empty_result
// CHECK: rt.launch = array<i64: 1, 1, 1, 1, 1, 1, 0>
// CHECK: gpu.func @k0_trilu(%{{.*}}: memref<0xi64>, %{{.*}}: memref<0xi64>) kernel
// CHECK-NEXT: gpu.return
func.func @empty_result(%x: tensor<3x0x5xi64>) -> tensor<3x0x5xi64> {
  %0 = rt.fusion_group "trilu" kind "elementwise"(%x) : (tensor<3x0x5xi64>) -> tensor<3x0x5xi64> {
  ^bb0(%a: tensor<3x0x5xi64>):
    %1 = rt.trilu %a {upper = 0 : i64} : (tensor<3x0x5xi64>) -> tensor<3x0x5xi64>
    rt.yield %1 : tensor<3x0x5xi64>
  }
  return %0 : tensor<3x0x5xi64>
}
