// Function multiversioning: one binary, the best clone picked at load time (ifunc) from
// AVX-512 (x86-64-v4), AVX2+FMA (x86-64-v3) and baseline x86-64.
#pragma once
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(RNNKIT_NO_CLONES)
#define RNNKIT_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define RNNKIT_CLONES
#endif
