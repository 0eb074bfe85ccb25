/* The vector state around a call that must not disturb it (lazy binding,
   TLS descriptors): fxsave, xsave or xsavec as glibc picks them, sized from
   cpu_features.  The caller reserved the area at 64(%rsp), 64-byte aligned
   (XSTATE_RESERVE); these helpers clobber only %rax and %rdx. */
	.text
/* save/restore the vector state at 64(%rsp) of the caller's frame
   (the return address shifts it by 8); clobber only %rax, %rdx */
	.globl	xstate_save
	.hidden	xstate_save
	.type	xstate_save,@function
xstate_save:
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
	.size	xstate_save, .-xstate_save

	.globl	xstate_restore
	.hidden	xstate_restore
	.type	xstate_restore,@function
xstate_restore:
	movzbl	dl_xsave_kind(%rip), %eax
	test	%eax, %eax
	jnz	1f
	fxrstor	72(%rsp)
	ret
1:	xor	%edx, %edx
	mov	$0xee, %eax
	xrstor	72(%rsp)
	ret
	.size	xstate_restore, .-xstate_restore

	.section .note.GNU-stack,"",@progbits
