/* A library with text relocations (absolute address in .text). */
int textrel_target = 1234;
__asm__(".text\n"
        ".globl textrel_get\n"
        ".type textrel_get,@function\n"
        "textrel_get:\n"
        "  movabsq $textrel_target, %rax\n"
        "  movl (%rax), %eax\n"
        "  ret\n"
        ".size textrel_get, .-textrel_get\n");
