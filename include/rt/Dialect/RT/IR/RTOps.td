//===- RTOps.td - rt dialect operations --------------------*- tablegen -*-===//
//
// All rt operations, grouped by category as in the ONNX operator list.
//
//===----------------------------------------------------------------------===//

#ifndef RT_DIALECT_RT_IR_RTOPS_TD
#define RT_DIALECT_RT_IR_RTOPS_TD

include "rt/Dialect/RT/IR/RTBase.td"
include "rt/Dialect/RT/IR/RTMathOps.td"
include "rt/Dialect/RT/IR/RTNNOps.td"
include "rt/Dialect/RT/IR/RTTensorOps.td"
include "rt/Dialect/RT/IR/RTFusionOps.td"

#endif // RT_DIALECT_RT_IR_RTOPS_TD
