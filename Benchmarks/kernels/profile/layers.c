// Per-layer profile of the AVX-512 evaluate of a 2-W-W-2 tanh MLP (issue 13), built by profile.sh:
// includes the AVX-512 kernels' source (Sources/CKernels/mlp_impl.h, 8 lanes, the same per-function
// target) and times its pieces for one chunk of states — loading the inputs, each layer's GEMM
// without and with the fused activation epilogue, a separate tanh pass over a W × batch block (what
// the epilogue replaces), and the N = 2 output layer — then the whole evaluate. Thread CPU time,
// fastest of 40 samples of ≥ 1 ms (each call repeated in groups of 16).
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <time.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <immintrin.h>
#include "CKernels.h"
#include "scratch.h"
#pragma clang attribute push(__attribute__((target("avx512f,avx512dq,avx512vl,avx2,fma"))), apply_to = function)
#define CK_TABLE prof_table
#define CK_ISA CK_ISA_AVX512
#define CK_NAME "prof"
#define CK_VW 8
#define CK_MR 8
#define CK_NT_MR 4
#define CK_NT_NR 3
#define CK_NT_TRANSPOSE 1
#include "mlp_impl.h"
#pragma clang attribute pop
static double now(void){struct timespec t;clock_gettime(CLOCK_THREAD_CPUTIME_ID,&t);return t.tv_sec*1e9+t.tv_nsec;}
#define BEST(ns, body) do{ double best=1e30; for(int rr=0;rr<40;rr++){ long calls=0; double s=now(),nn_; do{ for(int q_=0;q_<16;q_++){ body; } calls+=16; nn_=now(); }while(nn_-s<1e6); double v=(nn_-s)/calls; if(v<best)best=v;} ns=best; }while(0)
int main(int argc, char **argv) {
  int W = argc>1?atoi(argv[1]):64;
  long sizes[4]={2,W,W,2}; ck_mlp net={sizes,3,0,0,1.0};
  long np=0; for(int l=0;l<3;l++) np+=sizes[l+1]*sizes[l]+sizes[l+1];
  double*p=malloc(np*8); for(long i=0;i<np;i++) p[i]=0.3*sin(i*1.7)+0.01*(i%7);
  double *w0=p, *b0=p+2*W, *w1=b0+W, *b1=w1+W*W, *w2=b1+W, *b2=w2+2*W;
  int counts[3]={32,64,256};
  printf("| batch | inputs | layer 1 GEMM (K=2) | + tanh fused | layer 2 GEMM | + tanh fused | tanh pass (W×batch) | layer 3 (N=2) | whole evaluate |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for(int c=0;c<3;c++){ int cnt=counts[c]; long ld = cnt < 64 ? cnt : 64; int chunks = cnt/64 > 0 ? cnt/64 : 1;
    double *st=malloc(cnt*16),*out=malloc(cnt*16); for(int i=0;i<cnt*2;i++) st[i]=sin(i);
    double *x=aligned_alloc(64, 2*ld*8), *h1=aligned_alloc(64,W*ld*8), *h2=aligned_alloc(64,W*ld*8), *o=aligned_alloc(64,2*ld*8);
    double tin,t1,t1a,t2,t2a,tt,t3,tall;
    BEST(tin, load_inputs(&net,0,st,ld,ld,x));
    BEST(t1, gemm_nn(W,2,ld,w0,2,1,x,b0,h1,-1,0)); BEST(t1a, gemm_nn(W,2,ld,w0,2,1,x,b0,h1,0,0));
    BEST(t2, gemm_nn(W,W,ld,w1,W,1,h1,b1,h2,-1,0)); BEST(t2a, gemm_nn(W,W,ld,w1,W,1,h1,b1,h2,0,0));
    BEST(tt, activation_forward(0,h2,h2,W*ld)); for(long i=0;i<W*ld;i++) h2[i]=sin(i);
    BEST(t3, gemm_nn(2,W,ld,w2,W,1,h2,b2,o,-1,0));
    BEST(tall, mlp_forward(&net,0,st,cnt,p,out,0));
    double k=chunks;
    printf("| %d | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |\n",cnt,k*tin,k*t1,k*t1a,k*t2,k*t2a,k*tt,k*t3,tall);
  }
  printf("(ns; per call of `batch` states, i.e. ×%s chunks of 64)\n", "batch/64");
}
