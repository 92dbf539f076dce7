// RUN: rt-opt %s --rt-generate-kernels --split-input-file | FileCheck %s

// Kernels take the freedoms of CUDA C++'s defaults: float adds, subtracts
// and multiplies may contract into FMAs (`contract`), and a division by a
// constant with a normal reciprocal is a multiplication by it. Divisions by
// zero, by a constant whose reciprocal is subnormal, and by a tensor stay
// IEEE divisions.
// CHECK-LABEL: gpu.func @k0_divisions
// CHECK: %[[R:.+]] = arith.constant 0.707106769 : f32
// CHECK: arith.mulf %{{.*}}, %[[R]] fastmath<contract> : f32
// CHECK: %[[Z:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: arith.divf %{{.*}}, %[[Z]] : f32
// CHECK: %[[H:.+]] = arith.constant 3.000000e+38 : f32
// CHECK: arith.divf %{{.*}}, %[[H]] : f32
// CHECK: arith.divf %{{.*}}, %{{.*}} : f32
// CHECK: arith.addf %{{.*}}, %{{.*}} fastmath<contract> : f32
// CHECK: arith.subf %{{.*}}, %{{.*}} fastmath<contract> : f32
func.func @divisions(%x: tensor<64xf32>, %y: tensor<64xf32>) -> tensor<64xf32> {
  %0 = rt.fusion_group "divisions" kind "elementwise"(%x, %y) : (tensor<64xf32>, tensor<64xf32>) -> tensor<64xf32> {
  ^bb0(%a: tensor<64xf32>, %b: tensor<64xf32>):
    %sqrt2 = rt.constant dense<1.41421354> : tensor<f32>
    %zero = rt.constant dense<0.0> : tensor<f32>
    %huge = rt.constant dense<3.0e38> : tensor<f32>
    %1 = rt.div %a, %sqrt2 : (tensor<64xf32>, tensor<f32>) -> tensor<64xf32>
    %2 = rt.div %1, %zero : (tensor<64xf32>, tensor<f32>) -> tensor<64xf32>
    %3 = rt.div %2, %huge : (tensor<64xf32>, tensor<f32>) -> tensor<64xf32>
    %4 = rt.div %3, %b : (tensor<64xf32>, tensor<64xf32>) -> tensor<64xf32>
    %5 = rt.add %4, %a : (tensor<64xf32>, tensor<64xf32>) -> tensor<64xf32>
    %6 = rt.sub %5, %b : (tensor<64xf32>, tensor<64xf32>) -> tensor<64xf32>
    rt.yield %6 : tensor<64xf32>
  }
  return %0 : tensor<64xf32>
}

// -----

// rt.gelu in its cheapest exact forms (computed in float32): the tanh form
// as x / (1 + exp2(x (1 + 0.044715 x^2) * -2 sqrt(2/pi) log2 e)) with a fast
// division; the erf form as x Phi(x) with erfc from a rational-exponential
// fit (one fast reciprocal, one exp2, a select on the sign).
// CHECK-LABEL: gpu.func @k0_gelu_tanh
// CHECK: %[[K:.+]] = arith.constant 4.471500e-02 : f32
// CHECK: arith.mulf %{{.*}}, %[[K]] fastmath<contract>
// CHECK: %[[E:.+]] = math.exp2
// CHECK: %[[D:.+]] = arith.addf %{{.*}}, %[[E]] fastmath<contract>
// CHECK: arith.divf %{{.*}}, %[[D]] fastmath<arcp,contract,afn>
// CHECK-NOT: math.tanh
// CHECK-LABEL: gpu.func @k1_gelu_erf
// CHECK: math.absf
// CHECK: arith.divf %{{.*}}, %{{.*}} fastmath<arcp,contract,afn>
// CHECK: math.exp2
// CHECK: arith.cmpf oge
// CHECK: arith.select
// CHECK-NOT: math.erf
func.func @gelu(%x: tensor<64xf16>) -> (tensor<64xf16>, tensor<64xf16>) {
  %0 = rt.fusion_group "gelu_tanh" kind "elementwise"(%x) : (tensor<64xf16>) -> tensor<64xf16> {
  ^bb0(%a: tensor<64xf16>):
    %1 = rt.gelu %a {approximate = "tanh"} : (tensor<64xf16>) -> tensor<64xf16>
    rt.yield %1 : tensor<64xf16>
  }
  %2 = rt.fusion_group "gelu_erf" kind "elementwise"(%x) : (tensor<64xf16>) -> tensor<64xf16> {
  ^bb0(%a: tensor<64xf16>):
    %3 = rt.gelu %a : (tensor<64xf16>) -> tensor<64xf16>
    rt.yield %3 : tensor<64xf16>
  }
  return %0, %2 : tensor<64xf16>, tensor<64xf16>
}

// -----

// Integer Pow (math.ipowi has no NVVM lowering) is exponentiation by
// squaring in the kernel; negative exponents select 1, -1 or 0.
// CHECK-LABEL: gpu.func @k0_ipow
// CHECK-NOT: math.ipowi
// CHECK: %[[NEG:.+]] = arith.cmpi slt, %[[E:.+]], %{{.*}} : i64
// CHECK: %[[R:.+]]:3 = scf.while
// CHECK: arith.cmpi ne
// CHECK: scf.condition
// CHECK: arith.muli
// CHECK: arith.shrui
// CHECK: arith.select %[[NEG]], %{{.*}}, %[[R]]#0 : i64
// CHECK-NOT: math.ipowi
// CHECK: gpu.return
func.func @ipow(%x: tensor<16xi64>, %y: tensor<16xi64>) -> tensor<16xi64> {
  %0 = rt.fusion_group "ipow" kind "elementwise"(%x, %y) : (tensor<16xi64>, tensor<16xi64>) -> tensor<16xi64> {
  ^bb0(%a: tensor<16xi64>, %b: tensor<16xi64>):
    %1 = rt.pow %a, %b : (tensor<16xi64>, tensor<16xi64>) -> tensor<16xi64>
    rt.yield %1 : tensor<16xi64>
  }
  return %0 : tensor<16xi64>
}

// -----

// Arithmetic that decides which element is read keeps IEEE semantics (the
// backward slice of a rounding or float-to-integer conversion): Resize's
// nearest coordinate (x + 0.5) / 3.5 - 0.5 must land on 0.5 exactly where
// the reference does; (x + 0.5) * (1 / 3.5) lands above it.
// CHECK-LABEL: gpu.func @k0_rounded
// CHECK: %[[C:.+]] = arith.constant 3.500000e+00 : f32
// CHECK: %[[D:.+]] = arith.divf %{{.*}}, %[[C]] : f32
// CHECK: arith.subf %[[D]], %{{.*}} : f32
// CHECK: math.floor
// CHECK-NOT: fastmath
func.func @rounded(%x: tensor<64xf32>) -> tensor<64xf32> {
  %0 = rt.fusion_group "rounded" kind "elementwise"(%x) : (tensor<64xf32>) -> tensor<64xf32> {
  ^bb0(%a: tensor<64xf32>):
    %s = rt.constant dense<3.5> : tensor<f32>
    %h = rt.constant dense<0.5> : tensor<f32>
    %1 = rt.div %a, %s : (tensor<64xf32>, tensor<f32>) -> tensor<64xf32>
    %2 = rt.sub %1, %h : (tensor<64xf32>, tensor<f32>) -> tensor<64xf32>
    %3 = rt.floor %2 : (tensor<64xf32>) -> tensor<64xf32>
    rt.yield %3 : tensor<64xf32>
  }
  return %0 : tensor<64xf32>
}
