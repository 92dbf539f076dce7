// RUN: rt-opt %s --rt-fuse --rt-plan-memory --rt-report="text=- json=%t.json" -o /dev/null | FileCheck %s
// RUN: %python -c "import json,sys; f=json.load(open(sys.argv[1]))['functions'][0]; k=f['kernels'][0]; print(k['name'], k['kind'], k['root'], [o['op'] for o in k['ops']], k['outputs'], k['not_fused'])" %t.json | FileCheck %s --check-prefix=JSON
// RUN: not rt-opt %s --rt-report="json=/nonexistent/dir/r.json" -o /dev/null 2>&1 | FileCheck %s --check-prefix=ERR

// CHECK: function @f
// CHECK-NEXT: kernels: 3 ops before fusion, 1 kernels after (conv 1)
// CHECK-NEXT: memory: arena 0.00 MiB, peak of live tensors 0.00 MiB (arena/peak 1.000), all intermediates 0.00 MiB
// CHECK-NEXT: 0 conv        conv
// CHECK-NEXT: fused: conv + add + relu
// CHECK-NEXT: out: tensor<1x4x6x6xf32> (model output)
// JSON: conv conv rt.conv ['rt.conv', 'rt.add', 'rt.relu'] [{'offset': -1, 'type': 'tensor<1x4x6x6xf32>'}] []
// ERR: error: cannot write the report to '/nonexistent/dir/r.json'
func.func @f(%x: tensor<1x4x6x6xf32>, %w: tensor<4x4x1x1xf32>) -> tensor<1x4x6x6xf32> {
  %b = rt.constant dense<0.5> : tensor<4x1x1xf32>
  %0 = rt.conv %x, %w : (tensor<1x4x6x6xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x6x6xf32>
  %1 = rt.add %0, %b : (tensor<1x4x6x6xf32>, tensor<4x1x1xf32>) -> tensor<1x4x6x6xf32>
  %2 = rt.relu %1 : (tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  return %2 : tensor<1x4x6x6xf32>
}
