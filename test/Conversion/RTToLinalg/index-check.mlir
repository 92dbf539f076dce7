// RUN: rt-opt %s --split-input-file --rt-index-check=mode=trap --convert-rt-to-linalg | FileCheck %s --check-prefix=TRAP
// RUN: rt-opt %s --split-input-file --convert-rt-to-linalg | FileCheck %s --check-prefix=CLAMP
// RUN: rt-opt %s --split-input-file --rt-index-check=mode=clamp --convert-rt-to-linalg | FileCheck %s --check-prefix=CLAMP
// RUN: not rt-opt %s --split-input-file --rt-index-check=mode=wrap 2>&1 | FileCheck %s --check-prefix=BADMODE

// Data-dependent gather and scatter indices: clamped into range by default;
// with rt.index_check = "trap" also checked against [-dim, dim), with a
// message naming the node, the axis and its size.

// BADMODE: rt-index-check: mode must be clamp or trap, got 'wrap'

// TRAP: module attributes {rt.index_check = "trap"}
// TRAP-LABEL: func.func @gather
// TRAP: linalg.generic
// TRAP:   %[[I:.*]] = arith.index_cast
// TRAP:   %[[LO:.*]] = arith.cmpi sge, %[[I]], %c-5
// TRAP:   %[[HI:.*]] = arith.cmpi slt, %[[I]], %c5
// TRAP:   %[[OK:.*]] = arith.andi %[[LO]], %[[HI]]
// TRAP:   cf.assert %[[OK]], "rt: index out of range in gather node 'emb' (axis 0 of size 5); built with index-check=trap"
// TRAP:   arith.maxsi
// TRAP:   arith.minsi
// TRAP:   tensor.extract
// CLAMP-LABEL: func.func @gather
// CLAMP-NOT: cf.assert
// CLAMP: arith.maxsi
// CLAMP: arith.minsi
// CLAMP-NOT: cf.assert
func.func @gather(%x: tensor<5x4xf32>, %i: tensor<3xi64>) -> tensor<3x4xf32> {
  %0 = rt.gather %x, %i {axis = 0 : i64} : (tensor<5x4xf32>, tensor<3xi64>) -> tensor<3x4xf32> loc("emb")
  return %0 : tensor<3x4xf32>
}

// -----

// TRAP-LABEL: func.func @gather_elements
// TRAP: cf.assert %{{.*}}, "rt: index out of range in gather_elements node 'ge' (axis 1 of size 3); built with index-check=trap"
// CLAMP-LABEL: func.func @gather_elements
// CLAMP-NOT: cf.assert
func.func @gather_elements(%x: tensor<2x3xf32>, %i: tensor<2x2xi64>) -> tensor<2x2xf32> {
  %0 = rt.gather_elements %x, %i {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x2xi64>) -> tensor<2x2xf32> loc("ge")
  return %0 : tensor<2x2xf32>
}

// -----

// One check per index of the tuple (axis = position in the tuple).
// TRAP-LABEL: func.func @gather_nd
// TRAP: cf.assert %{{.*}}, "rt: index out of range in gather_nd node 'gnd' (axis 0 of size 2)
// TRAP: cf.assert %{{.*}}, "rt: index out of range in gather_nd node 'gnd' (axis 1 of size 3)
// CLAMP-LABEL: func.func @gather_nd
// CLAMP-NOT: cf.assert
func.func @gather_nd(%x: tensor<2x3xf32>, %i: tensor<4x2xi64>) -> tensor<4xf32> {
  %0 = rt.gather_nd %x, %i : (tensor<2x3xf32>, tensor<4x2xi64>) -> tensor<4xf32> loc("gnd")
  return %0 : tensor<4xf32>
}

// -----

// TRAP-LABEL: func.func @scatter_nd
// TRAP: scf.for
// TRAP: cf.assert %{{.*}}, "rt: index out of range in scatter_nd node 'snd' (axis 0 of size 4)
// CLAMP-LABEL: func.func @scatter_nd
// CLAMP-NOT: cf.assert
func.func @scatter_nd(%x: tensor<4xf32>, %i: tensor<2x1xi64>, %u: tensor<2xf32>) -> tensor<4xf32> {
  %0 = rt.scatter_nd %x, %i, %u : (tensor<4xf32>, tensor<2x1xi64>, tensor<2xf32>) -> tensor<4xf32> loc("snd")
  return %0 : tensor<4xf32>
}

// -----

// TRAP-LABEL: func.func @scatter_elements
// TRAP: cf.assert %{{.*}}, "rt: index out of range in scatter_elements node 'se' (axis 0 of size 3)
// CLAMP-LABEL: func.func @scatter_elements
// CLAMP-NOT: cf.assert
func.func @scatter_elements(%x: tensor<3x2xf32>, %i: tensor<1x2xi64>, %u: tensor<1x2xf32>) -> tensor<3x2xf32> {
  %0 = rt.scatter_elements %x, %i, %u {axis = 0 : i64} : (tensor<3x2xf32>, tensor<1x2xi64>, tensor<1x2xf32>) -> tensor<3x2xf32> loc("se")
  return %0 : tensor<3x2xf32>
}
