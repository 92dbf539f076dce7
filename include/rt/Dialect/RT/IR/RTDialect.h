//===- RTDialect.h - rt dialect ---------------------------------*- C++ -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#ifndef RT_DIALECT_RT_IR_RTDIALECT_H
#define RT_DIALECT_RT_IR_RTDIALECT_H

#include "mlir/IR/Dialect.h"

#include "rt/Dialect/RT/IR/RTOpsDialect.h.inc"

#endif // RT_DIALECT_RT_IR_RTDIALECT_H
