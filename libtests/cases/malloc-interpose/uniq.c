/* STB_GNU_UNIQUE objects (what g++ makes of inline statics), each bound
 * through a GOT slot: the loader keeps a table of them that grows with
 * every new one.  UNIQ_BASE: the one the program binds at start-up (the
 * table is then made by the start-up allocator); otherwise 24 more from a
 * dlopen, which grow that table after libc's malloc has taken over. */
#define U(n) __asm__(".globl mi_u" #n "\n.type mi_u" #n ", @gnu_unique_object\n" \
                     ".size mi_u" #n ", 4\n.data\n.balign 4\nmi_u" #n ": .long " #n "\n.text");
#ifdef UNIQ_BASE
U(0)
#else
U(1) U(2) U(3) U(4) U(5) U(6) U(7) U(8) U(9) U(10) U(11) U(12)
U(13) U(14) U(15) U(16) U(17) U(18) U(19) U(20) U(21) U(22) U(23) U(24)
extern int mi_u1, mi_u2, mi_u3, mi_u4, mi_u5, mi_u6, mi_u7, mi_u8, mi_u9, mi_u10, mi_u11, mi_u12,
    mi_u13, mi_u14, mi_u15, mi_u16, mi_u17, mi_u18, mi_u19, mi_u20, mi_u21, mi_u22, mi_u23, mi_u24;

int mi_uniq_sum(void)
{
    return mi_u1 + mi_u2 + mi_u3 + mi_u4 + mi_u5 + mi_u6 + mi_u7 + mi_u8 + mi_u9 + mi_u10 + mi_u11 +
           mi_u12 + mi_u13 + mi_u14 + mi_u15 + mi_u16 + mi_u17 + mi_u18 + mi_u19 + mi_u20 + mi_u21 +
           mi_u22 + mi_u23 + mi_u24;
}
#endif
