// __ubsan_handle_* calls are allowed from noinstr code (they behave like
// WARN). The explicit calls stand in for what -fsanitize=... would emit.
#include "../include/kernel.h"
// EXPECT-NONE

void __ubsan_handle_out_of_bounds(void *data, unsigned long index);
void __ubsan_handle_load_invalid_value(void *data, unsigned long val);
int table[4];
char ubsan_data[16];

noinstr int exc_ubsan(unsigned long i)
{
	if (i >= 4)
		__ubsan_handle_out_of_bounds(ubsan_data, i);
	if (table[0] > 1)
		__ubsan_handle_load_invalid_value(ubsan_data, table[0]);
	return table[i & 3];
}

noinstr void exc_ubsan_tail(unsigned long v)
{
	__ubsan_handle_load_invalid_value(ubsan_data, v); /* a tail call */
}
