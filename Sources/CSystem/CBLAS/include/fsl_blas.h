// The BLAS and LAPACKE functions Sources/Tensor calls, declared as cblas.h and lapacke.h declare
// them (OpenBLAS, LP64: 32-bit integer arguments). fsl_blas.c loads the libraries on the first
// call instead of at start-up: OpenBLAS starts worker threads when it is loaded, which cost every
// run (also `fsl -e 1`) tens of milliseconds of CPU even when it never multiplies a matrix.
#ifndef FSL_BLAS_H
#define FSL_BLAS_H

#include <stdint.h>

typedef enum CBLAS_ORDER { CblasRowMajor = 101, CblasColMajor = 102 } CBLAS_ORDER;
typedef enum CBLAS_TRANSPOSE {
  CblasNoTrans = 111,
  CblasTrans = 112,
  CblasConjTrans = 113,
  CblasConjNoTrans = 114
} CBLAS_TRANSPOSE;

#define LAPACK_ROW_MAJOR 101

void cblas_dgemm(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE transA,
                 enum CBLAS_TRANSPOSE transB, int32_t m, int32_t n, int32_t k, double alpha,
                 const double *a, int32_t lda, const double *b, int32_t ldb, double beta,
                 double *c, int32_t ldc);

void cblas_sgemm(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE transA,
                 enum CBLAS_TRANSPOSE transB, int32_t m, int32_t n, int32_t k, float alpha,
                 const float *a, int32_t lda, const float *b, int32_t ldb, float beta, float *c,
                 int32_t ldc);

int32_t LAPACKE_dgelsd_work(int matrix_layout, int32_t m, int32_t n, int32_t nrhs, double *a,
                            int32_t lda, double *b, int32_t ldb, double *s, double rcond,
                            int32_t *rank, double *work, int32_t lwork, int32_t *iwork);
int32_t LAPACKE_dgeqrf_work(int matrix_layout, int32_t m, int32_t n, double *a, int32_t lda,
                            double *tau, double *work, int32_t lwork);
int32_t LAPACKE_dgesdd_work(int matrix_layout, char jobz, int32_t m, int32_t n, double *a,
                            int32_t lda, double *s, double *u, int32_t ldu, double *vt,
                            int32_t ldvt, double *work, int32_t lwork, int32_t *iwork);
int32_t LAPACKE_dgesv_work(int matrix_layout, int32_t n, int32_t nrhs, double *a, int32_t lda,
                           int32_t *ipiv, double *b, int32_t ldb);
int32_t LAPACKE_dgetrf_work(int matrix_layout, int32_t m, int32_t n, double *a, int32_t lda,
                            int32_t *ipiv);
int32_t LAPACKE_dorgqr_work(int matrix_layout, int32_t m, int32_t n, int32_t k, double *a,
                            int32_t lda, const double *tau, double *work, int32_t lwork);
int32_t LAPACKE_dpotrf_work(int matrix_layout, char uplo, int32_t n, double *a, int32_t lda);
int32_t LAPACKE_dsyevd_work(int matrix_layout, char jobz, char uplo, int32_t n, double *a,
                            int32_t lda, double *w, double *work, int32_t lwork, int32_t *iwork,
                            int32_t liwork);

#endif
