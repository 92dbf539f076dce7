// RUN: rt-opt %s --split-input-file --rt-attach-nvvm-target --verify-diagnostics | FileCheck %s
// RUN: rt-opt %s --split-input-file --rt-attach-nvvm-target="O=1 libdevice=/cuda/libdevice.10.bc" --verify-diagnostics | FileCheck %s --check-prefix=OPTS
// RUN: not rt-opt %s --split-input-file --rt-attach-nvvm-target="O=4" 2>&1 | FileCheck %s --check-prefix=BADO

// The NVVM target of every gpu.module comes from the module's
// #rtgpu.target: its architecture as the chip, PTX 8.0 with warpgroup MMA.

// CHECK-LABEL: module attributes
// CHECK: gpu.module @rt_kernels [#nvvm.target<O = 3, chip = "sm_90a", features = "+ptx80">]
// OPTS: gpu.module @rt_kernels [#nvvm.target<O = 1, chip = "sm_90a", features = "+ptx80", link = ["/cuda/libdevice.10.bc"]>]
// BADO: error: rt-attach-nvvm-target: optimization level 4 is not 0 to 3
module attributes {gpu.container_module, rtgpu.target = #rtgpu.target<arch = "sm_90a", sms = 132, shared_per_block = 232448, shared_per_sm = 233472, registers_per_sm = 65536, l2_bytes = 52428800, features = [mma_sync, cp_async, fp8, tma, clusters, wgmma]>} {
  gpu.module @rt_kernels {}
}

// -----

// CHECK-LABEL: module attributes
// CHECK: gpu.module @rt_kernels [#nvvm.target<O = 3, chip = "sm_80">]
module attributes {gpu.container_module, rtgpu.target = #rtgpu.target<arch = "sm_80", sms = 108, shared_per_block = 166912, shared_per_sm = 167936, registers_per_sm = 65536, l2_bytes = 41943040, features = [mma_sync, cp_async]>} {
  gpu.module @rt_kernels {}
}

// -----

// expected-error @below {{rt-attach-nvvm-target: the module has no 'rtgpu.target' (rt-set-gpu-target records one)}}
module attributes {gpu.container_module} {
  gpu.module @rt_kernels {}
}
