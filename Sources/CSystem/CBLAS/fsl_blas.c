// Lazy loading of OpenBLAS and LAPACKE (see include/fsl_blas.h): each function resolves its
// real symbol with dlopen/dlsym on first use and forwards to it. scripts/setup installs the
// libraries (libopenblas-dev, liblapacke-dev); if they are missing anyway, the first call says
// so on stderr and exits with status 70 (an internal error) rather than crashing.
#include "fsl_blas.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

static void *open_library(const char *const names[]) {
  for (int i = 0; names[i]; i++) {
    void *h = dlopen(names[i], RTLD_NOW | RTLD_GLOBAL);
    if (h) return h;
  }
  fprintf(stderr, "fsl: cannot load %s (%s); install it with scripts/setup\n", names[0],
          dlerror());
  exit(70);
}

static void *symbol(void **library, const char *const names[], const char *name) {
  if (!*library) *library = open_library(names);
  void *f = dlsym(*library, name);
  if (!f) {
    fprintf(stderr, "fsl: %s has no symbol %s\n", names[0], name);
    exit(70);
  }
  return f;
}

static void *blas;
static void *lapacke;
static const char *const blas_names[] = {"libopenblas.so.0", "libopenblas.so", NULL};
static const char *const lapacke_names[] = {"liblapacke.so.3", "liblapacke.so", NULL};

// FORWARD(library, names, return type, name, (parameters), (arguments)) defines `name` to
// call the real one.
#define FORWARD(lib, names, ret, name, params, args)          \
  ret name params {                                           \
    typedef ret(*fn_t) params;                                \
    static fn_t real;                                         \
    if (!real) real = (fn_t)symbol(&lib, names, #name);       \
    return real args;                                         \
  }

void cblas_dgemm(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE transA,
                 enum CBLAS_TRANSPOSE transB, int32_t m, int32_t n, int32_t k, double alpha,
                 const double *a, int32_t lda, const double *b, int32_t ldb, double beta,
                 double *c, int32_t ldc) {
  typedef void (*fn_t)(enum CBLAS_ORDER, enum CBLAS_TRANSPOSE, enum CBLAS_TRANSPOSE, int32_t,
                       int32_t, int32_t, double, const double *, int32_t, const double *,
                       int32_t, double, double *, int32_t);
  static fn_t real;
  if (!real) real = (fn_t)symbol(&blas, blas_names, "cblas_dgemm");
  real(order, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void cblas_sgemm(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE transA,
                 enum CBLAS_TRANSPOSE transB, int32_t m, int32_t n, int32_t k, float alpha,
                 const float *a, int32_t lda, const float *b, int32_t ldb, float beta, float *c,
                 int32_t ldc) {
  typedef void (*fn_t)(enum CBLAS_ORDER, enum CBLAS_TRANSPOSE, enum CBLAS_TRANSPOSE, int32_t,
                       int32_t, int32_t, float, const float *, int32_t, const float *, int32_t,
                       float, float *, int32_t);
  static fn_t real;
  if (!real) real = (fn_t)symbol(&blas, blas_names, "cblas_sgemm");
  real(order, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

FORWARD(lapacke, lapacke_names, int32_t, LAPACKE_dgelsd_work,
        (int layout, int32_t m, int32_t n, int32_t nrhs, double *a, int32_t lda, double *b,
         int32_t ldb, double *s, double rcond, int32_t *rank, double *work, int32_t lwork,
         int32_t *iwork),
        (layout, m, n, nrhs, a, lda, b, ldb, s, rcond, rank, work, lwork, iwork))

FORWARD(lapacke, lapacke_names, int32_t, LAPACKE_dgeqrf_work,
        (int layout, int32_t m, int32_t n, double *a, int32_t lda, double *tau, double *work,
         int32_t lwork),
        (layout, m, n, a, lda, tau, work, lwork))

FORWARD(lapacke, lapacke_names, int32_t, LAPACKE_dgesdd_work,
        (int layout, char jobz, int32_t m, int32_t n, double *a, int32_t lda, double *s,
         double *u, int32_t ldu, double *vt, int32_t ldvt, double *work, int32_t lwork,
         int32_t *iwork),
        (layout, jobz, m, n, a, lda, s, u, ldu, vt, ldvt, work, lwork, iwork))

FORWARD(lapacke, lapacke_names, int32_t, LAPACKE_dgesv_work,
        (int layout, int32_t n, int32_t nrhs, double *a, int32_t lda, int32_t *ipiv, double *b,
         int32_t ldb),
        (layout, n, nrhs, a, lda, ipiv, b, ldb))

FORWARD(lapacke, lapacke_names, int32_t, LAPACKE_dgetrf_work,
        (int layout, int32_t m, int32_t n, double *a, int32_t lda, int32_t *ipiv),
        (layout, m, n, a, lda, ipiv))

FORWARD(lapacke, lapacke_names, int32_t, LAPACKE_dorgqr_work,
        (int layout, int32_t m, int32_t n, int32_t k, double *a, int32_t lda, const double *tau,
         double *work, int32_t lwork),
        (layout, m, n, k, a, lda, tau, work, lwork))

FORWARD(lapacke, lapacke_names, int32_t, LAPACKE_dpotrf_work,
        (int layout, char uplo, int32_t n, double *a, int32_t lda), (layout, uplo, n, a, lda))

FORWARD(lapacke, lapacke_names, int32_t, LAPACKE_dsyevd_work,
        (int layout, char jobz, char uplo, int32_t n, double *a, int32_t lda, double *w,
         double *work, int32_t lwork, int32_t *iwork, int32_t liwork),
        (layout, jobz, uplo, n, a, lda, w, work, lwork, iwork, liwork))
