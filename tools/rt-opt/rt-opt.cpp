//===- rt-opt.cpp - rt optimizer driver -----------------------------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// Runs rt's passes and pipelines (and upstream MLIR's) on .mlir files.
//
//===----------------------------------------------------------------------===//

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "rt/InitAllDialects.h"
#include "rt/InitAllPasses.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::rt::registerAllPasses();
  mlir::DialectRegistry registry;
  mlir::rt::registerAllDialects(registry);
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "rt optimizer: rt dialect passes and pipelines\n",
      registry));
}
