/* Reserve the register area (64 bytes) and the vector-state area below a
   64-byte aligned %rsp, for xstate_save/xstate_restore. */
.macro XSTATE_RESERVE
	cmpb	$0, dl_xsave_kind(%rip)
	je	91f
	sub	dl_xsave_state_size(%rip), %rsp
	jmp	92f
91:	sub	$(64 + 512), %rsp
92:
.endm
