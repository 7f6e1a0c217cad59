// A dense switch becomes "jmp *table(,%reg,8)": an indirect jump that is a
// jump table, not a tail call. Every case must be walked; one of them calls
// out. (-fno-jump-tables is not used for x86-64 kernels without retpolines.)
#include "../include/kernel.h"

void traced_case_5(int);
int vec_state[8];

noinstr void exc_switch(unsigned int vec, int v)
{
	switch (vec) {
	case 0: vec_state[0] = v; break;
	case 1: vec_state[1] += v; break;
	case 2: vec_state[2] ^= v; break;
	case 3: vec_state[3] -= v; break;
	case 4: vec_state[4] = v * 3; break;
	case 5: traced_case_5(v); break; // EXPECT: noinstr-call callee=traced_case_5
	case 6: vec_state[6] |= v; break;
	case 7: vec_state[7] &= v; break;
	default: return;
	}
	vec_state[0]++;
}
