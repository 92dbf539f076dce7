// RUN: rt-opt %s --convert-rt-to-linalg --verify-diagnostics
// RUN: rt-opt %s --convert-rt-to-gpu --verify-diagnostics

// A hand-written rt.index_check must name a mode.
// expected-error @below {{'rt.index_check' must be "clamp" or "trap", got "wrap"}}
module attributes {rt.index_check = "wrap"} {
  func.func @gather(%x: tensor<5x4xf32>, %i: tensor<3xi64>) -> tensor<3x4xf32> {
    %0 = rt.gather %x, %i {axis = 0 : i64} : (tensor<5x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
    return %0 : tensor<3x4xf32>
  }
}
