/* Runtime library with hidden (non-default) versions.
 * version indexes: 1 = base, 2 = SVH_1, 3 = SVH_2 */
int qux(void) { return 1; }                 /* qux@@SVH_1 */
int baz(void) { return 2; }                 /* baz@@SVH_2 */
int bar_v1(void) { return 1; }              /* bar@SVH_1 (hidden) */
int bar_v2(void) { return 2; }              /* bar@@SVH_2 */
__asm__(".symver bar_v1, bar@SVH_1");
__asm__(".symver bar_v2, bar@@SVH_2");
int zap_v1(void) { return 1; }              /* zap@SVH_1 only (hidden) */
__asm__(".symver zap_v1, zap@SVH_1");
