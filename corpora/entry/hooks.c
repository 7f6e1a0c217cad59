// Hooks (rules entry.hooks: the built-in task_isolation_* ones and, through
// hooks.json, a site's own my_entry_hook) may only run while the state is
// established. Called before irqentry_enter(), directly or two helpers
// down, or after irqentry_exit(), they are findings; called in between,
// they are not. The hooks are noinstr themselves, so objtool sees nothing.
// WITH: mocks.c
// RULES: hooks.json
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
#include "../include/kernel.h"
#include "../include/entry.h"

void handle_exception_body(struct pt_regs *regs);
int hook_calls;

noinstr void my_entry_hook(void)
{
	hook_calls++;
}

noinstr void hook_inner(struct pt_regs *regs)
{
	if (regs->orig_ax)
		my_entry_hook();
	hook_calls += 2;
}

noinstr void hook_outer(struct pt_regs *regs)
{
	hook_inner(regs);
	hook_calls += 3;
}

/* The same shape for the exit side (shared_helper.c: one helper both ways). */
noinstr void late_hook_inner(struct pt_regs *regs)
{
	if (regs->ax)
		my_entry_hook();
	hook_calls -= 2;
}

noinstr void late_hook_outer(struct pt_regs *regs)
{
	late_hook_inner(regs);
	hook_calls -= 3;
}

noinstr void exc_hook_early(struct pt_regs *regs)
{
	irqentry_state_t state;

	my_entry_hook(); // EXPECT: entry-hook-before-establish callee=my_entry_hook
	task_isolation_kernel_enter(); // EXPECT: entry-hook-before-establish callee=task_isolation_kernel_enter
	state = irqentry_enter(regs);
	instrumentation_begin();
	handle_exception_body(regs);
	instrumentation_end();
	irqentry_exit(regs, state);
}

noinstr void exc_hook_nested(struct pt_regs *regs)
{
	irqentry_state_t state;

	hook_outer(regs); // EXPECT: entry-hook-before-establish callee=my_entry_hook
	state = irqentry_enter(regs);
	irqentry_exit(regs, state);
	hook_calls--;
}

noinstr void exc_hook_late(struct pt_regs *regs)
{
	irqentry_state_t state = irqentry_enter(regs);

	irqentry_exit(regs, state);
	my_entry_hook(); // EXPECT: entry-hook-after-teardown callee=my_entry_hook
	hook_calls--;
}

noinstr void exc_hook_late_nested(struct pt_regs *regs)
{
	irqentry_state_t state = irqentry_enter(regs);

	irqentry_exit(regs, state);
	late_hook_outer(regs); // EXPECT: entry-hook-after-teardown callee=my_entry_hook
	hook_calls--;
}

noinstr void exc_hook_established(struct pt_regs *regs)
{
	irqentry_state_t state = irqentry_enter(regs);

	my_entry_hook();
	task_isolation_kernel_enter();
	hook_outer(regs);
	irqentry_exit(regs, state);
}
