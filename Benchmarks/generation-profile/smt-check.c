#define _GNU_SOURCE
// Throughput-bound FP work (8 independent vector multiply-add chains) timed in thread CPU time:
// run alone, then on both vCPUs at once. If the vCPUs share a physical core (SMT siblings on the
// host), the per-thread rate roughly halves when both run.
#include <immintrin.h>
#include <stdio.h>
#include <time.h>
#include <pthread.h>
#include <sched.h>
static double cpu(void){struct timespec t;clock_gettime(CLOCK_THREAD_CPUTIME_ID,&t);return t.tv_sec+1e-9*t.tv_nsec;}
__attribute__((target("avx2"))) static void *work(void *arg){
  int c=*(int*)arg; cpu_set_t cs; CPU_ZERO(&cs); CPU_SET(c,&cs); sched_setaffinity(0,sizeof cs,&cs);
  __m256d a[8]; for(int i=0;i<8;i++) a[i]=_mm256_set1_pd(1+i*1e-3); const __m256d m=_mm256_set1_pd(0.999999), d=_mm256_set1_pd(1e-6);
  double t0=cpu(); long N=200000000/8;
  for(long k=0;k<N;k++) for(int i=0;i<8;i++) a[i]=_mm256_add_pd(_mm256_mul_pd(a[i],m),d);
  double t1=cpu(); double s=0; for(int i=0;i<8;i++) s+=a[i][0];
  printf("cpu%d: %.3f ns per vector mul+add (cpu time), %g\n",c,(t1-t0)/(N*8.0)*1e9,s); return 0;}
int main(int argc,char**argv){ int c0=0,c1=1; pthread_t t0,t1;
  printf("alone:\n"); pthread_create(&t0,0,work,&c0); pthread_join(t0,0);
  printf("both:\n"); pthread_create(&t0,0,work,&c0); pthread_create(&t1,0,work,&c1); pthread_join(t0,0); pthread_join(t1,0); return 0;}
