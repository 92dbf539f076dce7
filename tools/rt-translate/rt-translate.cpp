//===- rt-translate.cpp - rt translation driver ---------------------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// Translates between external formats and the rt dialect:
//   rt-translate --import-onnx model.onnx -o model.mlir
//
//===----------------------------------------------------------------------===//

#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"
#include "rt/Target/Engine/EngineExport.h"
#include "rt/Target/ONNX/ONNXImporter.h"

int main(int argc, char **argv) {
  mlir::rt::registerONNXImportTranslation();
  mlir::rt::registerEngineExportTranslations();
  return mlir::failed(mlir::mlirTranslateMain(
             argc, argv,
             "rt translation tool: ONNX in; PTX, cubin and "
             "engines out\n"))
             ? 1
             : 0;
}
