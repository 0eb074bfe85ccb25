/* Lazy PLT binding.  The PLT left (link_map, index) on the stack; keep every
   argument register and the vector state (size from cpu_features, as glibc)
   across dl_fixup, then jump to the bound function. */
#define REGS	64			/* rax rcx rdx rsi rdi r8 r9, padded */
#define MASK	0xee			/* SSE AVX BNDREGS opmask ZMM_Hi256 Hi16_ZMM */

.macro SAVE_REGS
	mov	%rax, 0(%rsp)
	mov	%rcx, 8(%rsp)
	mov	%rdx, 16(%rsp)
	mov	%rsi, 24(%rsp)
	mov	%rdi, 32(%rsp)
	mov	%r8, 40(%rsp)
	mov	%r9, 48(%rsp)
.endm

.macro FIXUP_AND_RESTORE
	mov	16(%rbx), %rsi		/* relocation index */
	mov	8(%rbx), %rdi		/* link_map */
	call	dl_fixup
	mov	%rax, %r11
.endm

.macro RESTORE_REGS_AND_GO
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
.endm

.macro ENTER
	.cfi_startproc
	.cfi_adjust_cfa_offset 16
	push	%rbx
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset %rbx, 0
	mov	%rsp, %rbx
	.cfi_def_cfa_register %rbx
	and	$-64, %rsp
.endm

.macro XSTATE insn
	ENTER
	sub	dl_xsave_state_size(%rip), %rsp
	SAVE_REGS
	mov	$MASK, %eax
	xor	%edx, %edx
	/* the XSAVE header must start out zero */
	mov	%rdx, REGS+512(%rsp)
	mov	%rdx, REGS+520(%rsp)
	mov	%rdx, REGS+528(%rsp)
	mov	%rdx, REGS+536(%rsp)
	mov	%rdx, REGS+544(%rsp)
	mov	%rdx, REGS+552(%rsp)
	mov	%rdx, REGS+560(%rsp)
	mov	%rdx, REGS+568(%rsp)
	\insn	REGS(%rsp)
	FIXUP_AND_RESTORE
	mov	$MASK, %eax
	xor	%edx, %edx
	xrstor	REGS(%rsp)
	RESTORE_REGS_AND_GO
	.cfi_endproc
.endm

	.text
	.globl	dl_runtime_resolve_xsavec
	.hidden	dl_runtime_resolve_xsavec
	.type	dl_runtime_resolve_xsavec,@function
	.align	16
dl_runtime_resolve_xsavec:
	XSTATE	xsavec
	.size	dl_runtime_resolve_xsavec, .-dl_runtime_resolve_xsavec

	.globl	dl_runtime_resolve_xsave
	.hidden	dl_runtime_resolve_xsave
	.type	dl_runtime_resolve_xsave,@function
	.align	16
dl_runtime_resolve_xsave:
	XSTATE	xsave
	.size	dl_runtime_resolve_xsave, .-dl_runtime_resolve_xsave

	.globl	dl_runtime_resolve_fxsave
	.hidden	dl_runtime_resolve_fxsave
	.type	dl_runtime_resolve_fxsave,@function
	.align	16
dl_runtime_resolve_fxsave:
	ENTER
	sub	$(REGS + 512), %rsp
	SAVE_REGS
	fxsave	REGS(%rsp)
	FIXUP_AND_RESTORE
	fxrstor	REGS(%rsp)
	RESTORE_REGS_AND_GO
	.cfi_endproc
	.size	dl_runtime_resolve_fxsave, .-dl_runtime_resolve_fxsave

	.section .note.GNU-stack,"",@progbits
