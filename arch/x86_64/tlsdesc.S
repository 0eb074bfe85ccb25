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
	cmpb	$0, dl_xsave_kind(%rip)
	je	2f
	sub	dl_xsave_state_size(%rip), %rsp
	jmp	3f
2:	sub	$(64 + 512), %rsp
3:	mov	%rcx, 0(%rsp)
	mov	%rdx, 8(%rsp)
	mov	%r8, 16(%rsp)
	mov	%r9, 24(%rsp)
	mov	%r10, 32(%rsp)
	mov	%r11, 40(%rsp)
	mov	%rax, 48(%rsp)		/* the argument, for the call */
	call	tlsdesc_save
	mov	48(%rsp), %rdi
	call	__tls_get_addr
	sub	%fs:0, %rax
	mov	%rax, 48(%rsp)
	call	tlsdesc_restore
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

/* save/restore the vector state at 64(%rsp) of the caller's frame
   (the return address shifts it by 8); clobber only %rax, %rdx */
	.type	tlsdesc_save,@function
tlsdesc_save:
	movzbl	dl_xsave_kind(%rip), %eax
	test	%eax, %eax
	jnz	1f
	fxsave	72(%rsp)
	ret
1:	xor	%edx, %edx
	mov	%rdx, 72+512(%rsp)
	mov	%rdx, 72+520(%rsp)
	mov	%rdx, 72+528(%rsp)
	mov	%rdx, 72+536(%rsp)
	mov	%rdx, 72+544(%rsp)
	mov	%rdx, 72+552(%rsp)
	mov	%rdx, 72+560(%rsp)
	mov	%rdx, 72+568(%rsp)
	cmp	$2, %eax
	mov	$0xee, %eax
	je	2f
	xsave	72(%rsp)
	ret
2:	xsavec	72(%rsp)
	ret
	.size	tlsdesc_save, .-tlsdesc_save

	.type	tlsdesc_restore,@function
tlsdesc_restore:
	movzbl	dl_xsave_kind(%rip), %eax
	test	%eax, %eax
	jnz	1f
	fxrstor	72(%rsp)
	ret
1:	xor	%edx, %edx
	mov	$0xee, %eax
	xrstor	72(%rsp)
	ret
	.size	tlsdesc_restore, .-tlsdesc_restore

	.section .note.GNU-stack,"",@progbits
