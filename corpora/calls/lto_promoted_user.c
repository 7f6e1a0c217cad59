// Part of lto_promoted_static.c: calls lto_flush() from another unit, so
// ThinLTO imports it here and promotes the static function it calls.
// COMPANION
// EXPECT-NONE
void lto_flush(void);

void lto_flush_all(void)
{
	lto_flush();
}
