// Paired A/B of two CKernels versions (issue 13), built by ab.sh: this checkout's tables
// (ck_kernels_*) against a base revision's (old_*, compiled from `git show BASE:…` with renamed
// symbols). Prints: tanh max error in ulp against long double over 2·10⁶ points (uniform on
// [−1, 1] and [−40, 40], log-uniform magnitudes 2^[−1074, 3], ±0, ±∞, NaN, subnormals, edges) and
// how many values differ from the base's; whether each table's MLP evaluate/VJP bytes equal the
// base's; then old vs new ns (thread CPU time, fastest of 60 interleaved samples of ≥ 1 ms).
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <time.h>
#include "CKernels.h"
extern const ck_kernels old_baseline, old_avx2, old_avx512, ck_kernels_baseline, ck_kernels_avx2, ck_kernels_avx512;
#include "PeakFMA.h"
static double now(void){struct timespec t;clock_gettime(CLOCK_THREAD_CPUTIME_ID,&t);return t.tv_sec*1e9+t.tv_nsec;}
#define BEST(ns, body) do{ double best=1e30; for(int rr=0;rr<reps;rr++){ long calls=0; double s=now(),nn_; do{ for(int q_=0;q_<16;q_++){ body; } calls+=16; nn_=now(); }while(nn_-s<1e7); double v=(nn_-s)/calls; if(v<best)best=v;} ns=best; }while(0)
volatile double sink; int reps=7;
#define AB(nsA, nsB, bodyA, bodyB) do{ double ba=1e30,bb=1e30; for(int rr=0;rr<(getenv("AB_QUICK")?1:60);rr++){ for(int w=0;w<2;w++){ long calls=0; double s=now(),nn_; do{ for(int q_=0;q_<8;q_++){ if(w==0){bodyA;} else {bodyB;} } calls+=8; nn_=now(); }while(nn_-s<1e6); double v=(nn_-s)/calls; if(w==0){if(v<ba)ba=v;} else {if(v<bb)bb=v;} } } nsA=ba; nsB=bb; }while(0)
static double ulp_err(double got, long double ref){ if(isnan(ref)) return isnan(got)?0:1e9; if(isinf(ref)) return got==ref?0:1e9; long double r=fabsl(ref); if(r==0) return got==0?0:1e9; int e; frexpl(r,&e); long double u=ldexpl(1.0L,(e-53)<-1074?-1074:(e-53)); return (double)(fabsl((long double)got-ref)/u);}
int main(int argc,char**argv){
  double ns; volatile long itv=100000; long it=itv;
  BEST(ns, sink=peak_fma_avx512(it)); double peak=it*24*8*2/ns; printf("peak avx512 %.1f GFLOP/s\n",peak);
  // accuracy of tanh (new tables) + bit identity baseline/avx2
  long N=2000000; double *z=malloc(N*8),*h=malloc(N*8),*h2=malloc(N*8);
  srand(1); for(long i=0;i<N;i++){ double u=rand()/(double)RAND_MAX; int m=i%4; z[i]= m==0? 2*u-1 : m==1? 80*u-40 : m==2 ? ldexp(1+u, -(int)(rand()%1075)) * (rand()%2?1:-1) : ldexp(1+u,(int)(rand()%14)-10)*(rand()%2?1:-1);}
  double sp[]={0.0,-0.0,INFINITY,-INFINITY,NAN,4.9e-324,-4.9e-324,2.2250738585072014e-308,20,-20,19.06,0.3466,0.34657359027997264,1e-8,22,700,-710,1e300};
  for(int i=0;i<(int)(sizeof sp/8);i++) z[i]=sp[i];
  const ck_kernels* nw[3]={&ck_kernels_baseline,&ck_kernels_avx2,&ck_kernels_avx512}; const ck_kernels* od[3]={&old_baseline,&old_avx2,&old_avx512};
  for(int isa=0;isa<3;isa++){ nw[isa]->activation_forward(0,z,h,N); od[isa]->activation_forward(0,z,h2,N); double mx=0; long at=0; long diff=0;
    for(long i=0;i<N;i++){ double e=ulp_err(h[i],tanhl((long double)z[i])); if(e>mx){mx=e;at=i;} if(memcmp(h+i,h2+i,8)) diff++; }
    printf("tanh %s: max %.3f ulp at %.17g; differs from old in %ld of %ld\n", nw[isa]->name, mx, z[at], diff, N);}
  // timings
  int n=4096; for(int i=0;i<n;i++) z[i]=4*sin(i*0.37);
  for(int isa=1;isa<3;isa++){ double a,b; AB(a,b, od[isa]->activation_forward(0,z,h,n), nw[isa]->activation_forward(0,z,h,n)); printf("tanh %s old %.3f new %.3f ns/elem\n",nw[isa]->name,a/n,b/n);}
  int hids[2]={64,256};
  for(int hh=0;hh<2;hh++){ int hid=hids[hh];
  long sizes[4]={2,hid,hid,2}; ck_mlp net={sizes,3,0,0,1.0};
  long np=0; for(int l=0;l<3;l++) np+=sizes[l+1]*sizes[l]+sizes[l+1];
  double macs=0; for(int l=0;l<3;l++) macs+=sizes[l+1]*sizes[l];
  double*p=malloc(np*8),*gp=calloc(np,8),*gp2=calloc(np,8); for(long i=0;i<np;i++) p[i]=0.3*sin(i*1.7)+0.01*(i%7);
  int counts[4]={8,32,64,256};
  for(int c=0;c<4;c++){ int cnt=counts[c]; double*st=malloc(cnt*2*8),*out=malloc(cnt*2*8),*out2=malloc(cnt*2*8),*v=malloc(cnt*2*8),*gy=calloc(cnt*2,8),*gy2=calloc(cnt*2,8);
    for(int i=0;i<cnt*2;i++){st[i]=sin(i);v[i]=cos(i);}
    for(int isa=0;isa<3;isa++){ memset(gp,0,np*8);memset(gp2,0,np*8);memset(gy,0,cnt*16);memset(gy2,0,cnt*16);
      nw[isa]->mlp_forward(&net,0,st,cnt,p,out,0); od[isa]->mlp_forward(&net,0,st,cnt,p,out2,0);
      nw[isa]->mlp_vjp(&net,0,st,cnt,p,v,gy,gp); od[isa]->mlp_vjp(&net,0,st,cnt,p,v,gy2,gp2);
      // max |new − old| / max |old| (componentwise ratios are meaningless for sums that cancel to ≈ 0)
      double md=0, mo=0; for(int i=0;i<cnt*2;i++){ md=fmax(md,fabs(out[i]-out2[i])); mo=fmax(mo,fabs(out2[i])); } md/=mo;
      double mg=0, mgo=0; for(long i=0;i<np;i++){ mg=fmax(mg,fabs(gp[i]-gp2[i])); mgo=fmax(mgo,fabs(gp2[i])); } mg/=mgo;
      int same = !memcmp(out,out2,cnt*16) && !memcmp(gp,gp2,np*8) && !memcmp(gy,gy2,cnt*16);
      if(isa<2 && !same) printf("!! %s differs from old (hid %d b %d)\n", nw[isa]->name,hid,cnt);
      if(isa==2) printf("avx512 vs old: out rel %.2e, gp rel %.2e, same=%d\n",md,mg,same);
    }
    if(argc>1 && cnt<32) continue;
    for(int isa=2;isa<3;isa++){ double e0,e1,g0,g1;
      AB(e0,e1, od[isa]->mlp_forward(&net,0,st,cnt,p,out,0), nw[isa]->mlp_forward(&net,0,st,cnt,p,out,0));
      AB(g0,g1, od[isa]->mlp_vjp(&net,0,st,cnt,p,v,gy,gp), nw[isa]->mlp_vjp(&net,0,st,cnt,p,v,gy,gp));
      printf("2-%d-%d-2 b=%3d %-8s eval old %7.0f (%4.1f%%) new %7.0f (%4.1f%%) | vjp old %7.0f (%4.1f%%) new %7.0f (%4.1f%%)\n",hid,hid,cnt,nw[isa]->name,
        e0,100*2*macs*cnt/e0/peak,e1,100*2*macs*cnt/e1/peak,g0,100*6*macs*cnt/g0/peak,g1,100*6*macs*cnt/g1/peak);}
  }}
}
