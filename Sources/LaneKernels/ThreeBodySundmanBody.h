// The body of the three-body field in Sundman time (Physics/SundmanNBodyGravity.swift,
// evaluateThreeBodies), written once over width-neutral operations and included by
// LaneKernels.c (AVX2, 4 lanes) and LaneKernels512.c (AVX-512, 8 lanes), which define VD (the
// vector type), W (lanes), LD, ST, SET1, ADD, SUB, MUL, DIV, SQRT and NEG. The same IEEE
// operations in the same order as the Swift code, no fused multiply-add: lanes equal it bit for bit.
{
    const VD e2 = SET1(eps2), g = LD(p + W * 3);
    const VD x0 = LD(y), y0 = LD(y + W), z0 = LD(y + 2 * W);
    const VD x1 = LD(y + 3 * W), y1 = LD(y + 4 * W), z1 = LD(y + 5 * W);
    const VD x2 = LD(y + 6 * W), y2 = LD(y + 7 * W), z2 = LD(y + 8 * W);
    const VD m0 = LD(p), m1 = LD(p + W), m2 = LD(p + 2 * W);
    const VD dx01 = SUB(x1, x0), dy01 = SUB(y1, y0), dz01 = SUB(z1, z0);
    const VD dx02 = SUB(x2, x0), dy02 = SUB(y2, y0), dz02 = SUB(z2, z0);
    const VD dx12 = SUB(x2, x1), dy12 = SUB(y2, y1), dz12 = SUB(z2, z1);
    const VD s01 = ADD(ADD(ADD(MUL(dx01, dx01), MUL(dy01, dy01)), MUL(dz01, dz01)), e2);
    const VD s02 = ADD(ADD(ADD(MUL(dx02, dx02), MUL(dy02, dy02)), MUL(dz02, dz02)), e2);
    const VD s12 = ADD(ADD(ADD(MUL(dx12, dx12), MUL(dy12, dy12)), MUL(dz12, dz12)), e2);
    const VD i01 = DIV(g, MUL(s01, SQRT(s01)));
    const VD i02 = DIV(g, MUL(s02, SQRT(s02)));
    const VD i12 = DIV(g, MUL(s12, SQRT(s12)));
    const VD p01 = MUL(m0, m1), p02 = MUL(m0, m2), p12 = MUL(m1, m2);
    const VD w = ADD(ADD(MUL(p01, MUL(i01, s01)), MUL(p02, MUL(i02, s02))), MUL(p12, MUL(i12, s12)));
    const VD scale = DIV(MUL(g, ADD(ADD(p01, p02), p12)), w);
    for (int k = 0; k < 9; k++) ST(dy + W * k, MUL(scale, LD(y + W * (9 + k))));
    const VD a01 = MUL(m1, i01), a10 = MUL(m0, i01), a02 = MUL(m2, i02);
    const VD a20 = MUL(m0, i02), a12 = MUL(m2, i12), a21 = MUL(m1, i12);
    ST(dy + W * 9, MUL(scale, ADD(MUL(a01, dx01), MUL(a02, dx02))));
    ST(dy + W * 10, MUL(scale, ADD(MUL(a01, dy01), MUL(a02, dy02))));
    ST(dy + W * 11, MUL(scale, ADD(MUL(a01, dz01), MUL(a02, dz02))));
    ST(dy + W * 12, MUL(scale, SUB(MUL(a12, dx12), MUL(a10, dx01))));
    ST(dy + W * 13, MUL(scale, SUB(MUL(a12, dy12), MUL(a10, dy01))));
    ST(dy + W * 14, MUL(scale, SUB(MUL(a12, dz12), MUL(a10, dz01))));
    ST(dy + W * 15, MUL(scale, SUB(NEG(MUL(a20, dx02)), MUL(a21, dx12))));
    ST(dy + W * 16, MUL(scale, SUB(NEG(MUL(a20, dy02)), MUL(a21, dy12))));
    ST(dy + W * 17, MUL(scale, SUB(NEG(MUL(a20, dz02)), MUL(a21, dz12))));
    ST(dy + W * 18, scale);
}
