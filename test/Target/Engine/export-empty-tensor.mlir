// A kernel over an empty tensor would get an empty buffer argument, which
// the runtime refuses (it could point one past its buffer): the exporter
// names the kernel instead of writing an engine that cannot load.
// RUN: rt-opt %s --rt-gpu-pipeline="format=ptx" | not rt-translate --export-engine -o /dev/null 2>&1 | FileCheck %s
// CHECK: error: engine export: kernel '{{.*}}' has an empty tensor operand 'tensor<0x4xf32>'; GPU engines do not support empty tensors
func.func @main(%arg0: tensor<0x4xf32> {rt.name = "x"}) -> (tensor<0x4xf32> {rt.name = "y"}) {
  %0 = rt.relu %arg0 : (tensor<0x4xf32>) -> tensor<0x4xf32>
  %1 = rt.exp %0 : (tensor<0x4xf32>) -> tensor<0x4xf32>
  return %1 : tensor<0x4xf32>
}
