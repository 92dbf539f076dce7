// Invalid options of rt-gpu-pipeline are errors naming the option.
// RUN: not rt-opt %s --rt-gpu-pipeline="target-arch=sm_70" 2>&1 | FileCheck %s --check-prefix=ARCH
// RUN: not rt-opt %s --rt-gpu-pipeline="format=sass" 2>&1 | FileCheck %s --check-prefix=FORMAT
// RUN: not rt-opt %s --rt-gpu-pipeline="precision=int8" 2>&1 | FileCheck %s --check-prefix=PRECISION
// ARCH: error: rt-gpu-pipeline: unsupported target-arch 'sm_70' (sm_80, sm_86, sm_87, sm_89, sm_90, sm_90a)
// FORMAT: error: rt-gpu-pipeline: unknown format 'sass' (cubin, ptx or none)
// PRECISION: error: rt-gpu-pipeline: unknown precision 'int8' (fp16, bf16 or fp32)
// RUN: not rt-opt %s --rt-gpu-pipeline="target-sms=2000" 2>&1 | FileCheck %s --check-prefix=SMS
// SMS: error: rt-gpu-pipeline: target-sms 2000 is not an SM count (1 to 1024)

// format=none stops at NVVM: kernels in gpu.module, no binary.
// RUN: rt-opt %s --rt-gpu-pipeline="format=none precision=fp32" | FileCheck %s --check-prefix=NONE
// NONE: gpu.module @rt_kernels [#nvvm.target<O = 3, chip = "sm_90"{{(, link = \[".*libdevice.10.bc"\])?}}>]
// NONE: llvm.func @k0_relu
// NONE-NOT: gpu.binary
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = rt.relu %x : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
