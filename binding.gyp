# node-gyp build of the rnnkit native backend (run by scripts/build-native.mjs, or `npm exec node-gyp rebuild`).
# Output: build/Release/rnnkit.node, found by node-gyp-build. SIMD: the hot kernels are compiled
# for AVX-512, AVX2+FMA and baseline x86-64 and picked at run time, so no -march=native here.
{
  "targets": [
    {
      "target_name": "rnnkit",
      "sources": [
        "native/src/addon.cc",
        "native/src/addon_rnn.cc",
        "native/src/kernels/cpu.cc",
        "native/src/kernels/peak.cc",
        "native/src/kernels/threadpool.cc",
        "native/src/kernels/gemm.cc",
        "native/src/kernels/elementwise.cc",
        "native/src/kernels/reduce.cc",
        "native/src/kernels/indexing.cc",
        "native/src/kernels/layout.cc",
        "native/src/kernels/conv.cc",
        "native/src/kernels/loss.cc",
        "native/src/kernels/optim.cc",
        "native/src/kernels/rnn_common.cc",
        "native/src/kernels/rnn_simple.cc",
        "native/src/kernels/rnn_lstm.cc",
        "native/src/kernels/rnn_gru.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags": ["-O3", "-fexceptions", "-ffp-contract=fast", "-fno-math-errno", "-fvisibility=hidden"],
      "cflags_cc": ["-fexceptions"],
      "ldflags": ["-pthread"],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "OTHER_CFLAGS": ["-O3", "-ffp-contract=fast", "-fno-math-errno"]
      },
      "msvs_settings": { "VCCLCompilerTool": { "ExceptionHandling": 1, "AdditionalOptions": ["/std:c++17", "/O2"] } }
    }
  ]
}
