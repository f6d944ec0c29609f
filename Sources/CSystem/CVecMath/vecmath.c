// libmvec-backed elementwise math (see include/vecmath.h). The AVX2 loops are compiled for
// AVX2+FMA only (target attribute) and chosen at run time, so the binary still runs elsewhere.
#include "vecmath.h"
#include <immintrin.h>
#include <math.h>

int fsl_vecmath_uses_simd(void) {
  static int cached = -1;
  if (cached < 0) {
    __builtin_cpu_init();
    cached = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  }
  return cached;
}

#define FSL_VEC_FN(name)                                                                     \
  __attribute__((target("avx2,fma"))) __m256d _ZGVdN4v_##name(__m256d);                      \
  __attribute__((target("avx2,fma"))) static void name##_avx2(const double *x, double *y,    \
                                                              long n) {                      \
    long i = 0;                                                                              \
    for (; i + 4 <= n; i += 4) _mm256_storeu_pd(y + i, _ZGVdN4v_##name(_mm256_loadu_pd(x + i))); \
    for (; i < n; i++) y[i] = name(x[i]);                                                    \
  }                                                                                          \
  void fsl_v##name(const double *x, double *y, long n) {                                     \
    if (fsl_vecmath_uses_simd()) {                                                           \
      name##_avx2(x, y, n);                                                                  \
      return;                                                                                \
    }                                                                                        \
    for (long i = 0; i < n; i++) y[i] = name(x[i]);                                          \
  }

FSL_VEC_FN(exp)
FSL_VEC_FN(log)
FSL_VEC_FN(sin)
FSL_VEC_FN(cos)
FSL_VEC_FN(tanh)
