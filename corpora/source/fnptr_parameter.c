// A call through a function-pointer parameter of an __always_inline helper:
// inlined, it calls the function passed by name directly. Passing a noinstr
// function is fine; passing a traced one is a call out of noinstr code, at
// the call through the parameter.
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
#include "../include/kernel.h"

struct irq_frame {
	int vector;
};

void traced_frame_handler(struct irq_frame *frame);
int frames_seen;

static noinstr void noinstr_frame_handler(struct irq_frame *frame)
{
	frames_seen += frame->vector;
}

static __always_inline void run_frame(struct irq_frame *frame,
				      void (*handler)(struct irq_frame *))
{
	frames_seen++;
	handler(frame); // EXPECT: noinstr-call callee=traced_frame_handler
}

noinstr void noinstr_fnptr_noinstr(struct irq_frame *frame)
{
	run_frame(frame, noinstr_frame_handler);
}

noinstr void noinstr_fnptr_traced(struct irq_frame *frame)
{
	run_frame(frame, traced_frame_handler);
}
