/* A TU the source analyzer accepts: one noinstr function, spelled out as
 * the kernel's noinstr macro expands, calling only noinstr code. */
#define noinstr __attribute__((__section__(".noinstr.text"), __noinline__))

void noinstr_helper(int x);

noinstr void entry_func(int x)
{
	noinstr_helper(x + 1);
}
