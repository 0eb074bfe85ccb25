/* Lazy PLT binding.  The PLT left (link_map, index) on the stack; keep every
   argument register and the vector state across dl_fixup, then jump to the
   bound function. */
#include "xstate.h"

	.text
/* %rax and the integer argument registers at 0(%rsp) (save) or back (load) */
.macro ARGS_MOVE save
	.set	off, 0
	.irp	r, rax, rcx, rdx, rsi, rdi, r8, r9
	.if	\save
	mov	%\r, off(%rsp)
	.else
	mov	off(%rsp), %\r
	.endif
	.set	off, off + 8
	.endr
.endm

/* the eight vector argument registers \reg\()0-7 stored with \insn at
   \at + \stride * i(%rsp) (save), or loaded from there */
.macro VEC_MOVE save, insn, reg, at, stride
	.irp	i, 0, 1, 2, 3, 4, 5, 6, 7
	.if	\save
	\insn	%\reg\()\i, \at + \stride * \i(%rsp)
	.else
	\insn	\at + \stride * \i(%rsp), %\reg\()\i
	.endif
	.endr
.endm

.macro FUNCTION name
	.globl	\name
	.hidden	\name
	.type	\name,@function
	.align	16
\name:
.endm

.macro TRAMPOLINE name, fixup, retaddr
	FUNCTION \name
	.cfi_startproc
	.cfi_adjust_cfa_offset 16
	push	%rbx
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset %rbx, 0
	mov	%rsp, %rbx
	.cfi_def_cfa_register %rbx
	and	$-64, %rsp
	XSTATE_RESERVE
	ARGS_MOVE 1
	call	xstate_save
	mov	16(%rbx), %rsi		/* relocation index */
	mov	8(%rbx), %rdi		/* link_map */
	.if \retaddr
	mov	24(%rbx), %rdx		/* the caller's return address */
	.endif
	call	\fixup
	mov	%rax, %r11
	call	xstate_restore
	ARGS_MOVE 0
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

/* Profiling lazy binding (arch.h): glibc 2.36's _dl_runtime_profile in its
   three variants, one picked at start-up by arch_plt_init as glibc's
   elf_machine_runtime_setup picks it: _avx512 when AVX512F is usable, _avx
   when AVX is, else _sse.  La_x86_64_regs' lr_xmm always holds xmm0-7; the
   AVX variants also fill lr_vector with ymm0-7 or zmm0-7, and keep a copy of
   xmm0-7 after the structure to see whether an audit module changed lr_xmm
   (then that xmm goes to the register, its upper part zeroed; else the whole
   lr_vector entry does).  La_x86_64_retval's lrv_vector0/1 likewise.
   On entry: 0(%rsp) link_map, 8(%rsp) the relocation index, 16(%rsp) the
   return address, 24(%rsp) stack arguments.  Frame at %rbx: 0 rbx, 8 rax,
   16 framesize, 24 the La_x86_64_regs pointer, 32 link_map, 40 index, 48
   return address, 56 stack arguments. */
#define LR_SIZE		768	/* sizeof (La_x86_64_regs) */
#define LR_RDX		0
#define LR_R8		8
#define LR_R9		16
#define LR_RSP		56
#define LR_XMM		64
#define LR_VECTOR	192	/* La_x86_64_vector, 64 bytes each */
#define LRV_SIZE	240	/* sizeof (La_x86_64_retval) */
#define LRV_XMM0	16
#define LRV_ST0		48
#define LRV_ST1		64
#define LRV_VECTOR0	80

/* La_x86_64_regs' integer registers, in its order, from lr_rdx on */
.macro LR_STORE
	.set	off, 0
	.irp	r, rdx, r8, r9, rcx, rsi, rdi, rbp
	mov	%\r, off(%rsp)
	.set	off, off + 8
	.endr
.endm

/* lr_rcx, lr_rsi, lr_rdi back from the La_x86_64_regs at \regs (%rdi last) */
.macro LR_LOAD_LAST3 regs
	mov	24(\regs), %rcx
	mov	32(\regs), %rsi
	mov	40(\regs), %rdi
.endm

/* the AVX variants after la_pltenter: argument register \i whole from
   lr_vector, unless the module changed lr_xmm[\i] (kept at LR_SIZE) */
.macro VEC_PICK i, vmova, vreg
	vpcmpeqb LR_SIZE + 16 * \i(%rsp), %xmm\i, %xmm8
	vpmovmskb %xmm8, %esi
	cmp	$0xffff, %esi
	jne	1f
	\vmova	LR_VECTOR + 64 * \i(%rsp), %\vreg\()\i
	vmovdqa	%xmm\i, LR_XMM + 16 * \i(%rsp)
	jmp	2f
1:	vmovdqa	%xmm\i, LR_VECTOR + 64 * \i(%rsp)
2:
.endm

/* ... and after la_pltexit: return register \i whole from lrv_vector\i,
   unless the module changed lrv_xmm\i (kept at LRV_SIZE) */
.macro RETVAL_PICK i, vmova, vreg
	vpcmpeqb LRV_SIZE + 16 * \i(%rsp), %xmm\i, %xmm2
	vpmovmskb %xmm2, %esi
	cmp	$0xffff, %esi
	jne	1f
	\vmova	LRV_VECTOR0 + 64 * \i(%rsp), %\vreg\()\i
1:
.endm

/* back to the caller's frame, the PLT's two words dropped */
.macro PROFILE_LEAVE
	mov	%rbx, %rsp
	mov	(%rsp), %rbx
	.cfi_def_cfa_register %rsp
	.cfi_restore %rbx
	add	$48, %rsp
	.cfi_adjust_cfa_offset -48
.endm

/* vec: the vector registers' size (0: xmm only); xmova moves an xmm (movaps
   for SSE, the VEX form otherwise), vmova the vector register vreg\()N */
.macro PROFILE name, vec, xmova, vmova, vreg
	FUNCTION \name
	.cfi_startproc
	.cfi_adjust_cfa_offset 16
	sub	$32, %rsp
	.cfi_adjust_cfa_offset 32
	mov	%rbx, (%rsp)
	.cfi_rel_offset %rbx, 0
	mov	%rax, 8(%rsp)
	mov	%rsp, %rbx
	.cfi_def_cfa_register %rbx
	.if \vec
	and	$-\vec, %rsp
	sub	$(LR_SIZE + 16 * 8), %rsp
	.else
	and	$-16, %rsp
	sub	$LR_SIZE, %rsp
	.endif
	mov	%rsp, 24(%rbx)
	LR_STORE
	lea	48(%rbx), %rax
	mov	%rax, LR_RSP(%rsp)
	VEC_MOVE 1, \xmova, xmm, LR_XMM, 16
	.if \vec
	VEC_MOVE 1, \vmova, \vreg, LR_VECTOR, 64
	VEC_MOVE 1, \xmova, xmm, LR_SIZE, 16
	.endif
	mov	%rsp, %rcx		/* regs */
	mov	48(%rbx), %rdx		/* return address */
	mov	40(%rbx), %rsi		/* index */
	mov	32(%rbx), %rdi		/* link_map */
	lea	16(%rbx), %r8		/* &framesize */
	call	dl_profile_fixup
	mov	%rax, %r11
	mov	8(%rbx), %rax		/* the registers, as la_pltenter may have left them */
	mov	LR_RDX(%rsp), %rdx
	mov	LR_R8(%rsp), %r8
	mov	LR_R9(%rsp), %r9
	VEC_MOVE 0, \xmova, xmm, LR_XMM, 16
	.if \vec
	.irp	i, 0, 1, 2, 3, 4, 5, 6, 7
	VEC_PICK \i, \vmova, \vreg
	.endr
	.endif
	mov	16(%rbx), %rcx
	test	%rcx, %rcx
	jns	3f
	/* no la_pltexit: tail-jump to the target */
	LR_LOAD_LAST3 %rsp
	PROFILE_LEAVE
	jmp	*%r11
3:	.cfi_adjust_cfa_offset 48
	.cfi_rel_offset %rbx, 0
	.cfi_def_cfa_register %rbx
	/* call it with framesize bytes of the caller's stack arguments copied */
	lea	56(%rbx), %rsi
	add	$8, %rcx
	and	$-16, %rcx
	sub	%rcx, %rsp
	mov	%rsp, %rdi
	rep movsb
	LR_LOAD_LAST3 %rdi		/* %rdi is the La_x86_64_regs again */
	call	*%r11
	mov	24(%rbx), %rsp
	/* La_x86_64_retval, lrv_vector0 aligned as the registers (and for the
	   AVX variants the copy of xmm0/1 after it) */
	.if \vec
	sub	$(LRV_SIZE + 16 * 2), %rsp
	.else
	sub	$LRV_SIZE, %rsp
	.endif
	mov	%rsp, %rcx		/* retval */
	mov	%rax, 0(%rcx)
	mov	%rdx, 8(%rcx)
	\xmova	%xmm0, LRV_XMM0(%rcx)
	\xmova	%xmm1, LRV_XMM0 + 16(%rcx)
	.if \vec
	\vmova	%\vreg\()0, LRV_VECTOR0(%rcx)
	\vmova	%\vreg\()1, LRV_VECTOR0 + 64(%rcx)
	\xmova	%xmm0, LRV_SIZE(%rcx)
	\xmova	%xmm1, LRV_SIZE + 16(%rcx)
	.endif
	fstpt	LRV_ST0(%rcx)
	fstpt	LRV_ST1(%rcx)
	mov	24(%rbx), %rdx		/* inregs */
	mov	40(%rbx), %rsi
	mov	32(%rbx), %rdi
	call	dl_profile_exit
	mov	0(%rsp), %rax
	mov	8(%rsp), %rdx
	\xmova	LRV_XMM0(%rsp), %xmm0
	\xmova	LRV_XMM0 + 16(%rsp), %xmm1
	.if \vec
	RETVAL_PICK 0, \vmova, \vreg
	RETVAL_PICK 1, \vmova, \vreg
	.endif
	fldt	LRV_ST1(%rsp)
	fldt	LRV_ST0(%rsp)
	PROFILE_LEAVE
	ret
	.cfi_endproc
	.size	\name, .-\name
.endm

	PROFILE dl_runtime_profile_sse, 0, movaps, movaps, xmm
	PROFILE dl_runtime_profile_avx, 32, vmovdqa, vmovdqa, ymm
	PROFILE dl_runtime_profile_avx512, 64, vmovdqa, vmovdqa64, zmm

	.section .note.GNU-stack,"",@progbits
