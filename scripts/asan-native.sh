#!/usr/bin/env bash
# Builds the native addon with AddressSanitizer into build/asan/ (separate from node-gyp's
# build/Release) and runs the native tests against it with libasan preloaded into node.
# Usage: scripts/asan-native.sh   (from anywhere; needs g++ and node headers)
set -euo pipefail
cd "$(dirname "$0")/.."
CXX=${CXX:-g++}
NODE_PREFIX=${npm_config_nodedir:-$(dirname "$(dirname "$(command -v node)")")}
OUT=build/asan
mkdir -p "$OUT"
ADDON_API=$(node -p "require('node-addon-api').include_dir")
echo "asan: compiling into $OUT/rnnkit.node"
"$CXX" -std=gnu++17 -O1 -g -fno-omit-frame-pointer -fsanitize=address -fPIC -shared -pthread \
  -ffp-contract=fast -fno-math-errno -fexceptions -DNAPI_VERSION=8 -DNAPI_CPP_EXCEPTIONS \
  -I"$NODE_PREFIX/include/node" -I"$ADDON_API" \
  native/src/*.cc native/src/kernels/*.cc -o "$OUT/rnnkit.node"
LIBASAN=$("$CXX" -print-file-name=libasan.so)
LD_PRELOAD="$LIBASAN" ASAN_OPTIONS=detect_leaks=0 node -e \
  "const b = require('./$OUT/rnnkit.node'); console.log('asan: addon loads:', JSON.stringify(b.info()))"
echo "asan: running test/native and test/layers/rnn (the fused layers on the native backend) with LD_PRELOAD=$LIBASAN"
# Leak checking is off: node itself keeps allocations alive until exit by design.
LD_PRELOAD="$LIBASAN" ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 RNNKIT_NATIVE_PATH="$PWD/$OUT/rnnkit.node" \
  node scripts/run-tests.mjs test/native test/layers/rnn
echo "asan: no errors reported"
