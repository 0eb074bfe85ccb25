/* Process entry: hand the initial stack pointer to C, leaving 128 bytes free
   below it (ARCH_ARGS_HEADROOM: argv grows there for a #! script). */
	.text
	.globl	_dl_start
	.hidden	_dl_start
	.type	_dl_start,@function
_dl_start:
	.cfi_startproc
	.cfi_undefined rip
	xor	%ebp, %ebp
	/* the first touch of the RELRO page (.dynamic) a write: one copy-on-write
	   fault, not a read fault and then a write fault for self-relocation */
	orq	$0, _DYNAMIC(%rip)
	mov	%rsp, %rdi
	sub	$128, %rsp
	and	$-16, %rsp
	call	dl_start_c
	hlt
	.cfi_endproc
	.size	_dl_start, .-_dl_start

/* dl_jump(entry, sp, fini): enter a program as the kernel would, %rdx = fini. */
	.globl	dl_jump
	.hidden	dl_jump
	.type	dl_jump,@function
dl_jump:
	mov	%rsi, %rsp
	xor	%ebp, %ebp
	jmp	*%rdi
	.size	dl_jump, .-dl_jump

	.section .note.GNU-stack,"",@progbits
