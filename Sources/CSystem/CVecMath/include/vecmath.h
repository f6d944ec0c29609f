// Elementwise math over double arrays through glibc's libmvec (4-wide AVX2 variants) when the
// CPU has AVX2+FMA, else the scalar libm functions. y may equal x.
#include <stddef.h>

void fsl_vexp(const double *x, double *y, long n);
void fsl_vlog(const double *x, double *y, long n);
void fsl_vsin(const double *x, double *y, long n);
void fsl_vcos(const double *x, double *y, long n);
void fsl_vtanh(const double *x, double *y, long n);
/// 1 when the vector (libmvec) path is used on this CPU.
int fsl_vecmath_uses_simd(void);
