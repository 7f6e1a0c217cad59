// .entry.text and .cpuidle.text are call sources just like .noinstr.text
// (objtool's message still says ".noinstr.text").
#include "../include/kernel.h"

void traced_from_entry(void);
void traced_from_idle(void);
int flag;

__attribute__((__noinline__, __section__(".entry.text"))) void
entry_SYSCALL_c_part(void)
{
	traced_from_entry(); // EXPECT: noinstr-call callee=traced_from_entry
	flag = 1;
}

__cpuidle void cpu_idle_poll(void)
{
	traced_from_idle(); // EXPECT: noinstr-call callee=traced_from_idle
	flag = 0;
}
