#!/usr/bin/env bash
# Compiles the native addon with the release flags of binding.gyp into OUTDIR/rnnkit.node, apart
# from node-gyp's build/Release (so several builds can exist side by side). Load it with
# RNNKIT_NATIVE_PATH=OUTDIR/rnnkit.node.   Usage: [EXTRA_CXXFLAGS=...] scripts/build-native-dev.sh OUTDIR
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:?usage: scripts/build-native-dev.sh OUTDIR}
CXX=${CXX:-g++}
NODE_PREFIX=${npm_config_nodedir:-$(dirname "$(dirname "$(command -v node)")")}
ADDON_API=$(node -p "require('node-addon-api').include_dir")
mkdir -p "$OUT"
"$CXX" -std=gnu++17 -O3 -fPIC -shared -pthread -ffp-contract=fast -fno-math-errno -fexceptions -fvisibility=hidden -Wno-psabi \
  -DNAPI_VERSION=8 -DNAPI_CPP_EXCEPTIONS ${EXTRA_CXXFLAGS:-} -I"$NODE_PREFIX/include/node" -I"$ADDON_API" \
  native/src/*.cc native/src/kernels/*.cc -o "$OUT/rnnkit.node.tmp"
mv "$OUT/rnnkit.node.tmp" "$OUT/rnnkit.node"
echo "built $OUT/rnnkit.node"
