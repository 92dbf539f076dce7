// RUN: rt-opt %s --rt-cpu-pipeline | FileCheck %s

// The CPU pipeline ends in the LLVM dialect with a C interface for the entry
// function that takes the inputs and then the outputs as memref descriptors.
// CHECK-NOT: rt.
// CHECK-NOT: linalg.
// CHECK: llvm.func @main(
// CHECK: llvm.func @_mlir_ciface_main(%{{.+}}: !llvm.ptr, %{{.+}}: !llvm.ptr)
func.func @main(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = rt.relu %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = rt.sigmoid %0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}
