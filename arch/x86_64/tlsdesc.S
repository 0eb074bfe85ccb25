/* TLS descriptor entry points (GNU2 dialect): %rax = &descriptor on entry,
   %rax = variable address - thread pointer on return, nothing else changed. */
#include "xstate.h"

	.text
	.globl	_dl_tlsdesc_return
	.hidden	_dl_tlsdesc_return
	.type	_dl_tlsdesc_return,@function
_dl_tlsdesc_return:			/* static TLS: the offset was computed at relocation */
	.cfi_startproc
	mov	8(%rax), %rax
	ret
	.cfi_endproc
	.size	_dl_tlsdesc_return, .-_dl_tlsdesc_return

	.globl	_dl_tlsdesc_undefweak
	.hidden	_dl_tlsdesc_undefweak
	.type	_dl_tlsdesc_undefweak,@function
_dl_tlsdesc_undefweak:			/* undefined weak: the address is the addend */
	.cfi_startproc
	mov	8(%rax), %rax
	sub	%fs:0, %rax
	ret
	.cfi_endproc
	.size	_dl_tlsdesc_undefweak, .-_dl_tlsdesc_undefweak

/* dynamic TLS: the argument is {module, offset, generation}; the fast path
   reads the DTV, the slow path calls __tls_get_addr with every register but
   %rax preserved, vector state included (as the descriptor ABI demands) */
	.globl	_dl_tlsdesc_dynamic
	.hidden	_dl_tlsdesc_dynamic
	.type	_dl_tlsdesc_dynamic,@function
	.align	16
_dl_tlsdesc_dynamic:
	.cfi_startproc
	mov	8(%rax), %rax
	push	%rdi
	.cfi_adjust_cfa_offset 8
	push	%rsi
	.cfi_adjust_cfa_offset 8
	mov	%fs:8, %rdi		/* dtv */
	mov	16(%rax), %rsi		/* generation the module appeared in */
	cmp	(%rdi), %rsi		/* dtv[0].counter */
	ja	1f
	mov	(%rax), %rsi
	shl	$4, %rsi
	mov	(%rdi,%rsi), %rsi	/* dtv[module].val */
	cmp	$-1, %rsi
	je	1f
	add	8(%rax), %rsi
	sub	%fs:0, %rsi
	mov	%rsi, %rax
	pop	%rsi
	.cfi_adjust_cfa_offset -8
	pop	%rdi
	.cfi_adjust_cfa_offset -8
	ret
1:	.cfi_adjust_cfa_offset 16
	push	%rbx
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset %rbx, 0
	mov	%rsp, %rbx
	.cfi_def_cfa_register %rbx
	and	$-64, %rsp
	XSTATE_RESERVE
	mov	%rcx, 0(%rsp)
	mov	%rdx, 8(%rsp)
	mov	%r8, 16(%rsp)
	mov	%r9, 24(%rsp)
	mov	%r10, 32(%rsp)
	mov	%r11, 40(%rsp)
	mov	%rax, 48(%rsp)		/* the argument, for the call */
	call	xstate_save
	mov	48(%rsp), %rdi
	call	__tls_get_addr
	sub	%fs:0, %rax
	mov	%rax, 48(%rsp)
	call	xstate_restore
	mov	48(%rsp), %rax
	mov	0(%rsp), %rcx
	mov	8(%rsp), %rdx
	mov	16(%rsp), %r8
	mov	24(%rsp), %r9
	mov	32(%rsp), %r10
	mov	40(%rsp), %r11
	mov	%rbx, %rsp
	.cfi_def_cfa_register %rsp
	pop	%rbx
	.cfi_adjust_cfa_offset -8
	.cfi_restore %rbx
	pop	%rsi
	.cfi_adjust_cfa_offset -8
	pop	%rdi
	.cfi_adjust_cfa_offset -8
	ret
	.cfi_endproc
	.size	_dl_tlsdesc_dynamic, .-_dl_tlsdesc_dynamic

	.section .note.GNU-stack,"",@progbits
