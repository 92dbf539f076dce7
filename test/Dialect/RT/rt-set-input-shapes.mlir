// RUN: rt-opt %s --rt-set-input-shapes="shapes=x:4x3,1:3" | FileCheck %s
// RUN: not rt-opt %s --rt-set-input-shapes="shapes=y:4x3" 2>&1 | FileCheck %s --check-prefix=NONAME
// RUN: not rt-opt %s --rt-set-input-shapes="shapes=x" 2>&1 | FileCheck %s --check-prefix=FORM
// RUN: not rt-opt %s --rt-set-input-shapes="shapes=x:4xq" 2>&1 | FileCheck %s --check-prefix=DIM
// RUN: not rt-opt %s --rt-set-input-shapes="shapes=x:4x5" 2>&1 | FileCheck %s --check-prefix=MISMATCH
// RUN: not rt-opt %s --rt-set-input-shapes="shapes=x:4x3 function=nope" 2>&1 | FileCheck %s --check-prefix=FUNC

// Inputs are named by rt.name or position; types then refine everywhere.
// CHECK-LABEL: func.func @main(
// CHECK-SAME:    %{{.+}}: tensor<4x3xf32> {rt.name = "x"}, %{{.+}}: tensor<3xf32>)
// CHECK-SAME:    -> tensor<4x3xf32>
// CHECK:         rt.add {{.*}} -> tensor<4x3xf32>
func.func @main(%x: tensor<?x3xf32> {rt.name = "x"}, %b: tensor<?xf32>) -> tensor<?x3xf32> {
  %0 = rt.add %x, %b : (tensor<?x3xf32>, tensor<?xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// NONAME: error: no input named 'y'
// FORM: error: input shape 'x' is not of the form name:DxDx...
// DIM: error: input 'x': bad dimension 'q' in '4xq'
// MISMATCH: error: input 'x' has type 'tensor<?x3xf32>'; shape 4x5 does not match it
// FUNC: error: no function 'nope'
