/* The debugger rendezvous as glibc defines it (elf/dl-debug-symbols.S):
   _r_debug_extended, 48 bytes, and the exported _r_debug at the same
   address with the size of struct r_debug (40), so programs that copy it see
   glibc's size; r_next (r_version 2) follows the 40 bytes.  The sizes are
   checked against glibc's debug info in ldso/glibc/publish.c. */
#define RDBG_BASE_SIZEOF 40
#define RDBG_SIZEOF 48

	.globl	_r_debug
	.type	_r_debug, @object
	.size	_r_debug, RDBG_BASE_SIZEOF
	.globl	_r_debug_extended
	.hidden	_r_debug_extended
	.type	_r_debug_extended, @object
	.size	_r_debug_extended, RDBG_SIZEOF
	.bss
	.balign	8
_r_debug:
_r_debug_extended:
	.zero	RDBG_SIZEOF

	.section .note.GNU-stack,"",@progbits
