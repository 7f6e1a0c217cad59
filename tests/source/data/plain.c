/* Nothing for the pre-scan: no non-instrumentable code here. */
int plain_func(int x)
{
	return x * 3;
}
