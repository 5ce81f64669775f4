#include <stdio.h>
#include <time.h>
#include "LaneKernels.h"
static double now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+1e-9*t.tv_nsec;}
int main(void){
  static double y[18*8], p[4*8], dy[18*8], st[12*18*8], out[18*8]; long off[12]; double val[12], h[8];
  for(int i=0;i<18*8;i++) y[i]=1+0.01*i; for(int i=0;i<32;i++) p[i]=1+0.001*i; for(int i=0;i<12*18*8;i++) st[i]=0.001*i;
  for(int q=0;q<12;q++){off[q]=q*18*8; val[q]=0.1*q;} for(int l=0;l<8;l++) h[l]=1e-3;
  long N=2000000; double t0,t1; volatile double sink=0;
  // Latency chain: field output feeds the next field input (as stages do).
  t0=now(); for(long k=0;k<N;k++){orrery_lanes_three_body_avx2(y,p,0,dy); y[0]=1+dy[9]*1e-30; } t1=now();
  printf("three-body avx2  : %.1f ns/call, %.2f ns/lane\n",(t1-t0)/N*1e9,(t1-t0)/N*1e9/4);
  t0=now(); for(long k=0;k<N;k++){orrery_lanes_three_body_avx512(y,p,0,dy); y[0]=1+dy[9]*1e-30; } t1=now();
  printf("three-body avx512: %.1f ns/call, %.2f ns/lane\n",(t1-t0)/N*1e9,(t1-t0)/N*1e9/8);
  t0=now(); for(long k=0;k<N;k++){orrery_lanes_combine_avx2(18,7,off,val,h,st,y,out); sink+=out[5];} t1=now();
  printf("combine(7 terms) avx2  : %.1f ns/call, %.2f ns/lane\n",(t1-t0)/N*1e9,(t1-t0)/N*1e9/4);
  t0=now(); for(long k=0;k<N;k++){orrery_lanes_combine_avx512(18,7,off,val,h,st,y,out); sink+=out[5];} t1=now();
  printf("combine(7 terms) avx512: %.1f ns/call, %.2f ns/lane\n",(t1-t0)/N*1e9,(t1-t0)/N*1e9/8);
  return 0;}
