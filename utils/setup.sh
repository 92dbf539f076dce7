#!/usr/bin/env bash
#===- utils/setup.sh - install rt's dependencies (idempotent) -------------===#
#
# Installs the Debian packages and Python packages rt needs, skipping what is
# already there, then configures the build directory. Safe to run repeatedly;
# a second run on a set-up machine takes seconds.
#
#   utils/setup.sh            install dependencies and configure build/
#   utils/setup.sh --no-configure
#
#===----------------------------------------------------------------------===#
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CONFIGURE=1
for arg in "$@"; do
  case "$arg" in
    --no-configure) CONFIGURE=0 ;;
    *) echo "setup.sh: unknown argument '$arg'" >&2; exit 2 ;;
  esac
done

DEB_PACKAGES=(
  cmake ninja-build ccache g++ pkg-config
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
  libprotobuf-dev protobuf-compiler libonnx-dev libonnx-testdata
  libgtest-dev
  clang-22 libclang-rt-22-dev clang-format-22
)
# clang 22 and its sanitizer and libFuzzer runtimes build the `sanitize`
# preset (utils/test-sanitize.sh, utils/fuzz.sh); clang-format 22 checks the
# changed lines (utils/check-format.sh).
# Python packages for the project's Python (the first python3 on PATH):
# onnx builds test models, onnxruntime is the numerical reference.
PY_PACKAGES=(onnx onnxruntime numpy)

missing=()
for p in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: Debian packages present"
fi

PY="$(command -v python3)"
if ! "$PY" -c "import onnx, onnxruntime, numpy" 2>/dev/null; then
  echo "setup: installing Python packages into $PY: ${PY_PACKAGES[*]}"
  "$PY" -m pip install -q --disable-pip-version-check "${PY_PACKAGES[@]}"
else
  echo "setup: Python packages present ($PY)"
fi

if ((CONFIGURE)); then
  if [ ! -f "$ROOT/build/build.ninja" ]; then
    echo "setup: configuring build/"
    cmake --preset default -S "$ROOT" >/dev/null
  else
    echo "setup: build/ already configured"
  fi
fi
