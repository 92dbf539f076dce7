#!/usr/bin/env bash
#===- utils/check-format.sh - are the changed lines clang-formatted? ------===#
#
# Checks that the C++ lines changed since BASE follow .clang-format (LLVM
# style), with git-clang-format from clang-format 22: only changed lines are
# checked, so older code is not reformatted as a side effect. Exit 1 and the
# diff that would fix them if any are not formatted.
#
#   utils/check-format.sh [BASE]     # default: the upstream branch's merge
#                                    # base, else HEAD~1
#   utils/check-format.sh --fix [BASE]   # format them in place instead
#
# utils/test.sh (CI) runs it first. Before submitting a series of commits,
# run it with the commit the series started from.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
cd "$(dirname "$0")/.."
FIX=0
if [[ "${1:-}" == "--fix" ]]; then FIX=1; shift; fi
BASE="${1:-}"
if [[ -z "$BASE" ]]; then
  BASE=$(git merge-base HEAD '@{upstream}' 2>/dev/null || true)
  if [[ -z "$BASE" || "$BASE" == "$(git rev-parse HEAD)" ]]; then
    BASE=$(git rev-parse --verify -q HEAD~1 || true)
  fi
fi
if [[ -z "$BASE" ]]; then
  echo "check-format: no base commit to compare with; nothing to check"
  exit 0
fi
GCF=$(command -v git-clang-format-22 || true)
CF=$(command -v clang-format-22 || true)
if [[ -z "$GCF" || -z "$CF" ]]; then
  echo "check-format: clang-format-22 is missing (utils/setup.sh installs it)" >&2
  exit 2
fi
PATHS=('*.cpp' '*.h')
if ((FIX)); then
  "$GCF" --binary "$CF" "$BASE" -- "${PATHS[@]}"
  exit 0
fi
out=$("$GCF" --binary "$CF" --diff "$BASE" -- "${PATHS[@]}" 2>&1 || true)
if [[ -z "$out" || "$out" == "no modified files to format" ||
      "$out" == "clang-format did not modify any files" ]]; then
  echo "check-format: changed lines since $(git rev-parse --short "$BASE") are formatted"
  exit 0
fi
echo "$out"
echo "check-format: the lines above are not clang-formatted;" \
     "run utils/check-format.sh --fix $(git rev-parse --short "$BASE")" >&2
exit 1
