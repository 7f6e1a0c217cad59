// The instrumentable half of the kernel-like tree corpora/kbuild: ordinary
// traced functions that traps.c calls.
// EXPECT-NONE
int trap_seen;

void trap_notify(int nr) { trap_seen += nr; }
void trap_signal(int nr) { trap_seen -= nr; }
void trap_account(int nr) { trap_seen ^= nr; }
