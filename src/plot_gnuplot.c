/* plot_gnuplot.c - find gnuplot and run it as an external process (never
 * linked): the script goes in through a socket, stdout goes to the caller's
 * file, stderr comes back through a pipe, multiplexed with poll() so
 * neither side can block the other. */
#define _POSIX_C_SOURCE 200809L
#include "plot_gnuplot.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int is_exec(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	       access(path, X_OK) == 0;
}

/* Resolve gnuplot to an absolute or relative path we can exec; NULL and an
 * error if there is none. Looking it up ourselves (instead of letting
 * execvp fail in the child) gives the user one clear message. */
char *ser_gnuplot_find(const ser_plot_opts *o, ser_err *err)
{
	const char *name = o->gnuplot;
	if (!name || !*name)
		name = getenv("SER_GNUPLOT");
	int explicit = name && *name;
	if (!explicit)
		name = "gnuplot";
	if (strchr(name, '/')) {
		if (is_exec(name))
			return ser_strdup(name, err);
		ser_fail(err, "gnuplot not found at %s: install gnuplot-nox "
			 "or fix $SER_GNUPLOT", name);
		return NULL;
	}
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	size_t nlen = strlen(name);
	for (const char *p = path; *p;) {
		const char *e = strchr(p, ':');
		size_t dlen = e ? (size_t)(e - p) : strlen(p);
		char *cand = ser_malloc(dlen + nlen + 3, err);
		if (!cand)
			return NULL;
		if (dlen == 0)
			cand[0] = '.', dlen = 1;
		else
			memcpy(cand, p, dlen);
		cand[dlen] = '/';
		memcpy(cand + dlen + 1, name, nlen + 1);
		if (is_exec(cand))
			return cand;
		free(cand);
		if (!e)
			break;
		p = e + 1;
	}
	if (explicit)
		ser_fail(err, "gnuplot not found: '%s' is not on PATH "
			 "(install gnuplot-nox or fix $SER_GNUPLOT)", name);
	else
		ser_fail(err, "gnuplot not found: install gnuplot-nox");
	return NULL;
}

/* ---- running gnuplot --------------------------------------------------- */

/* Last non-blank line of gnuplot's stderr, trimmed: its error message
 * ('"-", line 12: undefined variable: x'). */
static const char *last_line(char *s)
{
	char *end = s + strlen(s);
	while (end > s && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' '))
		*--end = '\0';
	char *start = end;
	while (start > s && start[-1] != '\n')
		start--;
	while (*start == ' ' || *start == '\t')
		start++;
	return start;
}

/* Run gnuplot with the script on stdin, stdout to out_fd; collect stderr.
 * 0 if it exited 0. */
int ser_gnuplot_run(const char *gnuplot, const char *script, int out_fd,
		       ser_err *err)
{
	int in[2] = { -1, -1 }, ep[2] = { -1, -1 };
	/* the script goes through a socket, not a pipe: send() with
	 * MSG_NOSIGNAL turns a gnuplot that died early into EPIPE instead of
	 * a SIGPIPE, without touching the process's signal dispositions */
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, in) != 0 || pipe(ep) != 0) {
		ser_fail(err, "gnuplot: cannot create pipes: %s", strerror(errno));
		goto fail_pipes;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
	posix_spawn_file_actions_adddup2(&fa, ep[1], 2);
	posix_spawn_file_actions_addclose(&fa, in[1]);
	posix_spawn_file_actions_addclose(&fa, ep[0]);
	char *argv[] = { (char *)gnuplot, NULL };
	pid_t pid;
	int rc = posix_spawn(&pid, gnuplot, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(in[0]);
	close(ep[1]);
	in[0] = ep[1] = -1;
	if (rc != 0) {
		ser_fail(err, "cannot run %s: %s", gnuplot, strerror(rc));
		goto fail_pipes;
	}

	/* feed the script and drain stderr together: a big script and a
	 * chatty gnuplot would otherwise deadlock on full pipe buffers */
	fcntl(in[1], F_SETFL, fcntl(in[1], F_GETFL) | O_NONBLOCK);
	size_t len = strlen(script), off = 0;
	char msg[4096];
	size_t msg_n = 0;
	int write_err = 0;
	while (ep[0] >= 0) {
		struct pollfd pfd[2] = { { ep[0], POLLIN, 0 }, { in[1], POLLOUT, 0 } };
		int nfd = in[1] >= 0 ? 2 : 1;
		if (poll(pfd, (nfds_t)nfd, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (nfd == 2 && (pfd[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
			ssize_t k = send(in[1], script + off, len - off,
					 MSG_NOSIGNAL);
			if (k > 0)
				off += (size_t)k;
			else if (k < 0 && errno != EAGAIN && errno != EINTR)
				write_err = 1;
			if (off == len || write_err) {
				close(in[1]);
				in[1] = -1;
			}
		}
		if (pfd[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			char buf[1024];
			ssize_t k = read(ep[0], buf, sizeof buf);
			if (k > 0) {
				/* keep the tail (buf is smaller than msg): the
				 * error is gnuplot's last line */
				if (msg_n + (size_t)k > sizeof msg - 1) {
					size_t drop = msg_n + (size_t)k - (sizeof msg - 1);
					memmove(msg, msg + drop, msg_n - drop);
					msg_n -= drop;
				}
				memcpy(msg + msg_n, buf, (size_t)k);
				msg_n += (size_t)k;
			} else if (k == 0 || (errno != EINTR && errno != EAGAIN)) {
				close(ep[0]);
				ep[0] = -1;
			}
		}
	}
	if (in[1] >= 0)
		close(in[1]);
	msg[msg_n] = '\0';
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (WIFSIGNALED(st))
		return ser_fail(err, "gnuplot killed by signal %d", WTERMSIG(st));
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		const char *m = last_line(msg);
		return ser_fail(err, "gnuplot failed (exit %d)%s%s",
				WIFEXITED(st) ? WEXITSTATUS(st) : -1,
				*m ? ": " : "", m);
	}
	if (write_err)
		return ser_fail(err, "gnuplot: could not send the script");
	return 0;

fail_pipes:
	for (int i = 0; i < 2; i++) {
		if (in[i] >= 0)
			close(in[i]);
		if (ep[i] >= 0)
			close(ep[i]);
	}
	return -1;
}
