/* Selected by the pre-scan (it names noinstr) but does not parse. */
#define noinstr __attribute__((__section__(".noinstr.text")))

noinstr void broken(void)
{
	this is not C;
}
