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
	TRAMPOLINE dl_runtime_ldprofile, profile_fixup, 1

/* Profiling lazy binding (arch.h): glibc's _dl_runtime_profile, its SSE
   variant (La_x86_64_regs' xmm0-7 are saved and restored; the upper halves of
   wider vector registers are not).  On entry: 0(%rsp) link_map, 8(%rsp) the
   relocation index, 16(%rsp) the return address, 24(%rsp) stack arguments.
   Frame at %rbx: 0 rbx, 8 rax, 16 framesize, 24 the La_x86_64_regs pointer,
   32 link_map, 40 index, 48 return address, 56 stack arguments. */
#define LR_SIZE		768	/* sizeof (La_x86_64_regs) */
#define LR_RSP		56
#define LR_XMM		64
#define LRV_SIZE	240	/* sizeof (La_x86_64_retval) */
#define LRV_XMM0	16
#define LRV_XMM1	32
#define LRV_ST0		48
#define LRV_ST1		64

	.globl	dl_runtime_profile
	.hidden	dl_runtime_profile
	.type	dl_runtime_profile,@function
	.align	16
dl_runtime_profile:
	.cfi_startproc
	.cfi_adjust_cfa_offset 16
	sub	$32, %rsp
	.cfi_adjust_cfa_offset 32
	mov	%rbx, (%rsp)
	.cfi_rel_offset %rbx, 0
	mov	%rax, 8(%rsp)
	mov	%rsp, %rbx
	.cfi_def_cfa_register %rbx
	and	$-16, %rsp
	sub	$LR_SIZE, %rsp
	mov	%rsp, 24(%rbx)
	mov	%rdx, 0(%rsp)
	mov	%r8, 8(%rsp)
	mov	%r9, 16(%rsp)
	mov	%rcx, 24(%rsp)
	mov	%rsi, 32(%rsp)
	mov	%rdi, 40(%rsp)
	mov	%rbp, 48(%rsp)
	lea	48(%rbx), %rax
	mov	%rax, LR_RSP(%rsp)
	movaps	%xmm0, LR_XMM+16*0(%rsp)
	movaps	%xmm1, LR_XMM+16*1(%rsp)
	movaps	%xmm2, LR_XMM+16*2(%rsp)
	movaps	%xmm3, LR_XMM+16*3(%rsp)
	movaps	%xmm4, LR_XMM+16*4(%rsp)
	movaps	%xmm5, LR_XMM+16*5(%rsp)
	movaps	%xmm6, LR_XMM+16*6(%rsp)
	movaps	%xmm7, LR_XMM+16*7(%rsp)
	mov	%rsp, %rcx		/* regs */
	mov	48(%rbx), %rdx		/* return address */
	mov	40(%rbx), %rsi		/* index */
	mov	32(%rbx), %rdi		/* link_map */
	lea	16(%rbx), %r8		/* &framesize */
	call	dl_profile_fixup
	mov	%rax, %r11
	mov	8(%rbx), %rax		/* the registers, as la_pltenter may have left them */
	mov	0(%rsp), %rdx
	mov	8(%rsp), %r8
	mov	16(%rsp), %r9
	movaps	LR_XMM+16*0(%rsp), %xmm0
	movaps	LR_XMM+16*1(%rsp), %xmm1
	movaps	LR_XMM+16*2(%rsp), %xmm2
	movaps	LR_XMM+16*3(%rsp), %xmm3
	movaps	LR_XMM+16*4(%rsp), %xmm4
	movaps	LR_XMM+16*5(%rsp), %xmm5
	movaps	LR_XMM+16*6(%rsp), %xmm6
	movaps	LR_XMM+16*7(%rsp), %xmm7
	mov	16(%rbx), %rcx
	test	%rcx, %rcx
	jns	1f
	/* no la_pltexit: tail-jump to the target */
	mov	24(%rsp), %rcx
	mov	32(%rsp), %rsi
	mov	40(%rsp), %rdi
	mov	%rbx, %rsp
	mov	(%rsp), %rbx
	.cfi_def_cfa_register %rsp
	.cfi_restore %rbx
	add	$48, %rsp
	.cfi_adjust_cfa_offset -48
	jmp	*%r11
1:	.cfi_adjust_cfa_offset 48
	.cfi_rel_offset %rbx, 0
	.cfi_def_cfa_register %rbx
	/* call it with framesize bytes of the caller's stack arguments copied */
	lea	56(%rbx), %rsi
	add	$8, %rcx
	and	$-16, %rcx
	sub	%rcx, %rsp
	mov	%rsp, %rdi
	rep movsb
	mov	24(%rdi), %rcx		/* %rdi is the La_x86_64_regs again */
	mov	32(%rdi), %rsi
	mov	40(%rdi), %rdi
	call	*%r11
	mov	24(%rbx), %rsp
	sub	$LRV_SIZE, %rsp
	mov	%rsp, %rcx		/* retval */
	mov	%rax, 0(%rcx)
	mov	%rdx, 8(%rcx)
	movaps	%xmm0, LRV_XMM0(%rcx)
	movaps	%xmm1, LRV_XMM1(%rcx)
	fstpt	LRV_ST0(%rcx)
	fstpt	LRV_ST1(%rcx)
	mov	24(%rbx), %rdx		/* inregs */
	mov	40(%rbx), %rsi
	mov	32(%rbx), %rdi
	call	dl_profile_exit
	mov	0(%rsp), %rax
	mov	8(%rsp), %rdx
	movaps	LRV_XMM0(%rsp), %xmm0
	movaps	LRV_XMM1(%rsp), %xmm1
	fldt	LRV_ST1(%rsp)
	fldt	LRV_ST0(%rsp)
	mov	%rbx, %rsp
	mov	(%rsp), %rbx
	.cfi_def_cfa_register %rsp
	.cfi_restore %rbx
	add	$48, %rsp
	.cfi_adjust_cfa_offset -48
	ret
	.cfi_endproc
	.size	dl_runtime_profile, .-dl_runtime_profile

	.section .note.GNU-stack,"",@progbits
