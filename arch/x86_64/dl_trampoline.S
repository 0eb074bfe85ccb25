/* Lazy PLT binding.  The PLT left (link_map, index) on the stack; keep every
   argument register and the vector state across dl_fixup, then jump to the
   bound function. */
#include "xstate.h"

	.text
.macro TRAMPOLINE name, fixup, retaddr
	.globl	\name
	.hidden	\name
	.type	\name,@function
	.align	16
\name:
	.cfi_startproc
	.cfi_adjust_cfa_offset 16
	push	%rbx
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset %rbx, 0
	mov	%rsp, %rbx
	.cfi_def_cfa_register %rbx
	and	$-64, %rsp
	XSTATE_RESERVE
	mov	%rax, 0(%rsp)
	mov	%rcx, 8(%rsp)
	mov	%rdx, 16(%rsp)
	mov	%rsi, 24(%rsp)
	mov	%rdi, 32(%rsp)
	mov	%r8, 40(%rsp)
	mov	%r9, 48(%rsp)
	call	xstate_save
	mov	16(%rbx), %rsi		/* relocation index */
	mov	8(%rbx), %rdi		/* link_map */
	.if \retaddr
	mov	24(%rbx), %rdx		/* the caller's return address */
	.endif
	call	\fixup
	mov	%rax, %r11
	call	xstate_restore
	mov	0(%rsp), %rax
	mov	8(%rsp), %rcx
	mov	16(%rsp), %rdx
	mov	24(%rsp), %rsi
	mov	32(%rsp), %rdi
	mov	40(%rsp), %r8
	mov	48(%rsp), %r9
	mov	%rbx, %rsp
	.cfi_def_cfa_register %rsp
	pop	%rbx
	.cfi_adjust_cfa_offset -8
	.cfi_restore %rbx
	add	$16, %rsp
	.cfi_adjust_cfa_offset -16
	jmp	*%r11
	.cfi_endproc
	.size	\name, .-\name
.endm


	TRAMPOLINE dl_runtime_resolve, dl_fixup, 0
/* LD_PROFILE (ldso/profile.c): the same with the caller's return address */
	TRAMPOLINE dl_runtime_profile, profile_fixup, 1

	.section .note.GNU-stack,"",@progbits
