/* TLS descriptor entry points (GNU2 dialect): %rax = &descriptor on entry,
   %rax = variable address - thread pointer on return, nothing else changed. */
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

	.section .note.GNU-stack,"",@progbits
