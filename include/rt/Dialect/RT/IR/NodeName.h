//===- NodeName.h - ONNX node names of rt ops -------------------*- C++ -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#ifndef RT_DIALECT_RT_IR_NODENAME_H
#define RT_DIALECT_RT_IR_NODENAME_H

#include <string>

namespace mlir {
class Operation;
namespace rt {

/// The ONNX node name of `op`: the name of its NameLoc (the location the
/// importer gives each node, possibly first in a FusedLoc), or "" if it
/// has none.
std::string getOnnxNodeName(Operation *op);

} // namespace rt
} // namespace mlir

#endif // RT_DIALECT_RT_IR_NODENAME_H
