#!/usr/bin/env bash
# The AVX-512 GEMM body cannot run on an AVX2-only machine. This builds the addon with the AVX2 body
# compiled in the AVX-512 body's tile shape (12x32, 16-float vectors as pairs of AVX2 registers;
# -DRNNKIT_TEST_WIDE_TILES) and runs the native conformance tests against it, so the wide tiles'
# edge, packing and split logic is checked here too.   Usage: scripts/test-wide-tiles.sh
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=build/wide-tiles
EXTRA_CXXFLAGS=-DRNNKIT_TEST_WIDE_TILES scripts/build-native-dev.sh "$OUT"
RNNKIT_NATIVE_PATH="$PWD/$OUT/rnnkit.node" node scripts/run-tests.mjs test/native test/layers/rnn
