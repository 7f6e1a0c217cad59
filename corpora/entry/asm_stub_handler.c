// The C half of asm_stub.S: the handler opens a region before
// irqentry_enter(), and a noinstr helper it calls makes a traced call
// outside any region.
// COMPANION
#include "../include/kernel.h"
#include "../include/entry.h"

void trace_stub_entry(struct pt_regs *regs);
void stub_statistics(struct pt_regs *regs);
int stub_hits;

noinstr void stub_account(struct pt_regs *regs)
{
	stub_hits++;
	stub_statistics(regs); // EXPECT: noinstr-call callee=stub_statistics
	// EXPECT-CHAIN: asm_exc_stub -> exc_stub -> stub_account
	stub_hits++;
}

noinstr void exc_stub(struct pt_regs *regs, long error_code)
{
	irqentry_state_t state;

	instrumentation_begin(); // EXPECT: entry-region-before-establish callee=trace_stub_entry
	// EXPECT-CHAIN: asm_exc_stub -> exc_stub
	trace_stub_entry(regs);
	instrumentation_end();
	state = irqentry_enter(regs);
	stub_account(regs);
	irqentry_exit(regs, state);
}
