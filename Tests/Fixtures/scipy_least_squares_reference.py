# Reference runs of scipy.optimize.least_squares(method="lm") (MINPACK lmder) on the problems of
# Tests/OptimizersTests/LevenbergMarquardtTests.swift; its output is typed into the test `matchesScipy`.
# Made with scipy 1.17.1, numpy 2.4.6: python3 scipy_least_squares_reference.py
import numpy as np
from scipy.optimize import least_squares
mx=np.array([77.6,114.9,141.1,190.8,239.9,289.0,332.8,378.4,434.8,477.3,536.8,593.1,689.1,760.0])
my=np.array([10.07,14.73,17.94,23.93,29.61,35.18,40.02,44.82,50.76,55.05,61.01,66.40,75.47,81.78])
def mr(b): return b[0]*(1-np.exp(-b[1]*mx))-my
def mj(b):
    e=np.exp(-b[1]*mx); return np.stack([1-e,b[0]*mx*e],1)
tx=np.array([-3.067,-2.981,-2.921,-2.912,-2.840,-2.797,-2.702,-2.699,-2.633,-2.481,-2.363,-2.322,-1.501,-1.460,-1.274,-1.212,-1.100,-1.046,-0.915,-0.714,-0.566,-0.545,-0.400,-0.309,-0.109,-0.103,0.010,0.119,0.377,0.790,0.963,1.006,1.115,1.572,1.841,2.047,2.200])
ty=np.array([80.574,84.248,87.264,87.195,89.076,89.608,89.868,90.101,92.405,95.854,100.696,101.060,401.672,390.724,567.534,635.316,733.054,759.087,894.206,990.785,1090.109,1080.914,1122.643,1178.351,1260.531,1273.514,1288.339,1327.543,1353.863,1414.509,1425.208,1421.384,1442.962,1464.350,1468.705,1447.894,1457.628])
def tr(b):
    x=tx; return (b[0]+b[1]*x+b[2]*x**2+b[3]*x**3)/(1+b[4]*x+b[5]*x**2+b[6]*x**3)-ty
def tj(b):
    x=tx; num=b[0]+b[1]*x+b[2]*x**2+b[3]*x**3; den=1+b[4]*x+b[5]*x**2+b[6]*x**3; q=num/den**2
    return np.stack([1/den,x/den,x**2/den,x**3/den,-q*x,-q*x**2,-q*x**3],1)
def rr(x): return np.array([10*(x[1]-x[0]**2),1-x[0]])
def rj(x): return np.array([[-20*x[0],10],[-1,0]])
for name,f,j,starts in [("Rosenbrock",rr,rj,[[-1.2,1]]),("Misra1a",mr,mj,[[500,1e-4],[250,5e-4]]),("Thurber",tr,tj,[[1000,1000,400,40,0.7,0.3,0.03],[1300,1500,500,75,1,0.4,0.05]])]:
    for s in starts:
        for tol in [1e-8,1e-14]:
            r=least_squares(f,s,jac=j,method="lm",ftol=tol,xtol=tol,gtol=tol)
            print(name,s[:2],tol,"nfev",r.nfev,"njev",r.njev,"status",r.status,"cost %.17g"%r.cost, "x", " ".join("%.17g"%v for v in r.x))
