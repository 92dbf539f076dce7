// RUN: rt-opt %s --split-input-file --pass-pipeline='builtin.module(gpu.module(rt-lower-tensor-map-params))' --verify-diagnostics | FileCheck %s

// The parameters rt.tensor_map_args names become 128-byte by-value
// __grid_constant__ parameters, 64-byte aligned; the list goes away.
// CHECK-LABEL: llvm.func @k(
// CHECK-SAME: %{{.*}}: !llvm.ptr<1>,
// CHECK-SAME: %{{.*}}: !llvm.ptr {llvm.align = 64 : i32, llvm.byval = !llvm.array<128 x i8>, nvvm.grid_constant},
// CHECK-SAME: %{{.*}}: !llvm.ptr {llvm.align = 64 : i32, llvm.byval = !llvm.array<128 x i8>, nvvm.grid_constant})
// CHECK-NOT: rt.tensor_map_args
// CHECK-LABEL: llvm.func @untouched(%{{.*}}: !llvm.ptr)
gpu.module @m {
  llvm.func @k(%out: !llvm.ptr<1>, %a: !llvm.ptr, %b: !llvm.ptr) attributes {nvvm.kernel, rt.tensor_map_args = array<i32: 1, 2>} {
    llvm.return
  }
  llvm.func @untouched(%a: !llvm.ptr) attributes {nvvm.kernel} {
    llvm.return
  }
}

// -----

gpu.module @m {
  // expected-error @+1 {{rt.tensor_map_args names parameter 0, which is not a pointer parameter of @k}}
  llvm.func @k(%n: i64) attributes {nvvm.kernel, rt.tensor_map_args = array<i32: 0>} {
    llvm.return
  }
}

// -----

gpu.module @m {
  // expected-error @+1 {{rt.tensor_map_args names parameter 3, which is not a pointer parameter of @k}}
  llvm.func @k(%a: !llvm.ptr) attributes {nvvm.kernel, rt.tensor_map_args = array<i32: 3>} {
    llvm.return
  }
}
