/* dl_setjmp/dl_longjmp: unwind a failed dlopen back to its entry point so it
   can roll back and report through libc.  Saves callee-saved registers only. */
	.text
	.globl	dl_setjmp
	.hidden	dl_setjmp
	.type	dl_setjmp,@function
dl_setjmp:
	mov	%rbx, 0(%rdi)
	mov	%rbp, 8(%rdi)
	mov	%r12, 16(%rdi)
	mov	%r13, 24(%rdi)
	mov	%r14, 32(%rdi)
	mov	%r15, 40(%rdi)
	lea	8(%rsp), %rdx		/* the caller's %rsp after return */
	mov	%rdx, 48(%rdi)
	mov	(%rsp), %rdx		/* return address */
	mov	%rdx, 56(%rdi)
	xor	%eax, %eax
	ret
	.size	dl_setjmp, .-dl_setjmp

	.globl	dl_longjmp
	.hidden	dl_longjmp
	.type	dl_longjmp,@function
dl_longjmp:
	mov	%esi, %eax
	test	%eax, %eax
	jnz	1f
	inc	%eax
1:	mov	0(%rdi), %rbx
	mov	8(%rdi), %rbp
	mov	16(%rdi), %r12
	mov	24(%rdi), %r13
	mov	32(%rdi), %r14
	mov	40(%rdi), %r15
	mov	48(%rdi), %rsp
	jmp	*56(%rdi)
	.size	dl_longjmp, .-dl_longjmp

	.section .note.GNU-stack,"",@progbits
