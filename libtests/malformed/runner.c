/* Run a command under ptrace and say how it ended, and on a fatal signal in
   whose code: "exit N", or "signal S at RIP in MAPPING".  The malformed-ELF
   test counts a fault inside ld-custom.so against the loader; a fault in the
   mutant's own code after a valid load does not.
     runner REPORT-FILE TIMEOUT-SECS COMMAND [ARGS...] */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

/* the file mapped at addr in pid, or "?" */
static void mapping_of(pid_t pid, unsigned long addr, char *out, size_t n)
{
	char path[64], line[512];
	snprintf(path, sizeof path, "/proc/%d/maps", pid);
	snprintf(out, n, "?");
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof line, f)) {
		unsigned long lo, hi, foff;
		int off = 0;
		if (sscanf(line, "%lx-%lx %*s %lx %*s %*s %n", &lo, &hi, &foff, &off) < 3 || !off)
			continue;
		if (addr >= lo && addr < hi) {
			line[strcspn(line, "\n")] = 0;
			snprintf(out, n, "%s (+%#lx)", line[off] ? line + off : "[anon]", addr - lo + foff);
			break;
		}
	}
	fclose(f);
}

/* a register-indirect call or jmp: faulting there means its target was bad
   (a non-canonical address from the file), not the memory access of the caller */
static int indirect_branch(pid_t pid, unsigned long rip)
{
	errno = 0;
	long w = ptrace(PTRACE_PEEKTEXT, pid, (void *)rip, 0);
	if (errno)
		return 0;
	unsigned char b[8];
	memcpy(b, &w, sizeof b);
	int i = (b[0] & 0xf0) == 0x40;	/* REX */
	unsigned char modrm = b[i + 1];
	return b[i] == 0xff && (modrm & 0xc0) == 0xc0 &&
	       ((modrm & 0x38) == 0x10 || (modrm & 0x38) == 0x20);
}

static int fatal_signal(int s)
{
	return s == SIGSEGV || s == SIGBUS || s == SIGILL || s == SIGFPE || s == SIGABRT ||
	       s == SIGSYS || s == SIGTRAP;
}

int main(int argc, char **argv)
{
	if (argc < 4)
		return 2;
	FILE *rep = fopen(argv[1], "w");
	if (!rep)
		return 2;
	pid_t pid = fork();
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		alarm(atoi(argv[2]));	/* survives exec: a hang ends as SIGALRM */
		execv(argv[3], argv + 3);
		_exit(126);
	}
	int st, first = 1;
	char where[400] = "";
	unsigned long rip = 0;
	int fatal = 0;
	for (;;) {
		if (waitpid(pid, &st, 0) < 0)
			return 2;
		if (WIFEXITED(st)) {
			fprintf(rep, "exit %d\n", WEXITSTATUS(st));
			return 0;
		}
		if (WIFSIGNALED(st)) {
			fprintf(rep, "signal %d at %#lx in %s\n", WTERMSIG(st), rip,
				fatal ? where : "(not a fault)");
			return 0;
		}
		int sig = WSTOPSIG(st);
		if (first && sig == SIGTRAP) {	/* the stop after execve */
			first = 0;
			ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_EXITKILL);
			ptrace(PTRACE_CONT, pid, 0, 0);
			continue;
		}
		if (fatal_signal(sig)) {
			struct user_regs_struct r;
			ptrace(PTRACE_GETREGS, pid, 0, &r);
			rip = r.rip;
			fatal = 1;
			mapping_of(pid, rip, where, sizeof where);
			if (indirect_branch(pid, rip))
				strncat(where, " [indirect branch]", sizeof where - strlen(where) - 1);
		}
		ptrace(PTRACE_CONT, pid, 0, sig);
	}
}
