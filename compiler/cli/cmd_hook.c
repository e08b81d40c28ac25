/*
 * cmd_hook.c: the repository chores. `mcpc hook install [--force]`: a
 * plain git pre-commit hook that runs `mcpc lint --staged`, for
 * repositories without the pre-commit framework (which uses
 * .pre-commit-hooks.yaml instead); a hook mcpc did not write is never
 * overwritten without --force, and nothing is written through a symbolic
 * link at the hooks folder or the hook, --force or not.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "cli/cli.h"
#include "support/file.h"

#define MARK "# installed by mcpc hook install"

static const char usage[] =
    "usage: mcpc hook install [--force]\n"
    "\n"
    "Write the pre-commit hook of the repository around the current\n"
    "folder, where git runs it (.git/hooks, or core.hooksPath when set;\n"
    "a linked work tree shares the main one's): it runs 'mcpc lint\n"
    "--staged' and refuses a commit whose staged specs have findings at or\n"
    "above --fail-on. An existing hook that mcpc did not write is kept\n"
    "unless --force is given; a hook or hooks folder that is a symbolic\n"
    "link is never written through.\n";

/* The hooks folder git runs for the repository around the current folder:
 * core.hooksPath when set (relative to the top of the work tree), else
 * the hooks folder of the repository's common directory (a linked work
 * tree shares its main one's). */
static int hooks_dir(char *out, size_t n)
{
	git_repository *repo = NULL;
	git_config *cfg = NULL;
	git_buf buf = {NULL, 0, 0};
	int rc = -1;

	git_libgit2_init();
	if (git_repository_open_ext(&repo, ".", 0, NULL) == 0) {
		if (git_repository_config_snapshot(&cfg, repo) == 0 &&
		    git_config_get_path(&buf, cfg, "core.hooksPath") == 0 &&
		    buf.ptr && *buf.ptr) {
			if (buf.ptr[0] == '/' || !git_repository_workdir(repo))
				snprintf(out, n, "%s", buf.ptr);
			else
				snprintf(out, n, "%s%s",
				         git_repository_workdir(repo), buf.ptr);
			rc = 0;
		} else {
			git_buf_dispose(&buf);
			if (git_repository_item_path(
			        &buf, repo, GIT_REPOSITORY_ITEM_HOOKS) == 0) {
				snprintf(out, n, "%s", buf.ptr);
				rc = 0;
			}
		}
		/* no trailing slash: the hook's path is DIR/pre-commit */
		while (rc == 0 && strlen(out) > 1 &&
		       out[strlen(out) - 1] == '/')
			out[strlen(out) - 1] = '\0';
	}
	git_buf_dispose(&buf);
	git_config_free(cfg);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}

/*
 * What is at the hook's path: 0 nothing, 1 a hook mcpc wrote, or, when
 * it must stay as it is, -1 with the reason said. A link is never written
 * through, --force or not: it is the user's arrangement (a hook kept in
 * the repository), and what it points at is not mcpc's.
 */
static int existing_hook(const char *path, int force)
{
	char old[256];
	struct stat st;
	ssize_t got;
	int fd;

	if (lstat(path, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		cli_error("hook: cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	if (S_ISLNK(st.st_mode)) {
		cli_error("hook: %s is a symbolic link: mcpc writes no hook "
		          "through a link; add 'mcpc lint --staged' to the "
		          "hook it points at",
		          path);
		return -1;
	}
	/* O_NONBLOCK: a FIFO there must not hang the command */
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
	if (!S_ISREG(st.st_mode) || fd < 0) {
		if (fd >= 0)
			close(fd);
		cli_error("hook: %s is not a plain file; mcpc leaves it alone",
		          path);
		return -1;
	}
	got = read(fd, old, sizeof(old) - 1);
	close(fd);
	old[got > 0 ? got : 0] = '\0';
	if (!strstr(old, MARK) && !force) {
		cli_error("hook: %s exists and mcpc did not write it; "
		          "add 'mcpc lint --staged' to it, or use --force",
		          path);
		return -1;
	}
	return 1;
}

int cmd_hook(int argc, char **argv)
{
	char dir[PATH_MAX], path[PATH_MAX + 16], self[PATH_MAX];
	int force = 0, i, there;
	struct stat st;
	ssize_t n;
	mcp_buf text;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			fputs(usage, stdout);
			return EXIT_CLEAN;
		}
		if (strcmp(argv[i], "--version") == 0)
			return cli_version();
	}
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--force") == 0)
			force = 1;
		else if (i != 1 || strcmp(argv[i], "install") != 0) {
			cli_error("hook: unknown argument '%s' (see 'mcpc hook "
			          "--help')",
			          argv[i]);
			return EXIT_TROUBLE;
		}
	}
	if (argc < 2 || strcmp(argv[1], "install") != 0) {
		cli_error(
		    "hook: say 'mcpc hook install' (see 'mcpc hook --help')");
		return EXIT_TROUBLE;
	}
	if (hooks_dir(dir, sizeof(dir)) < 0) {
		cli_error(
		    "hook: not inside a git repository (run it in a clone, "
		    "or run 'git init' first)");
		return EXIT_TROUBLE;
	}
	if (lstat(dir, &st) == 0 && S_ISLNK(st.st_mode)) {
		cli_error("hook: the hooks folder %s is a symbolic link: mcpc "
		          "writes no hook through a link; set core.hooksPath "
		          "to the folder it points at",
		          dir);
		return EXIT_TROUBLE;
	}
	snprintf(path, sizeof(path), "%s/pre-commit", dir);
	if ((there = existing_hook(path, force)) < 0)
		return EXIT_TROUBLE;
	/* the hook finds mcpc on PATH, else where this one runs from */
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	self[n > 0 ? n : 0] = '\0';
	if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
		cli_error("hook: cannot create %s: %s", dir, strerror(errno));
		return EXIT_TROUBLE;
	}
	mcp_buf_init(&text);
	mcp_buf_printf(&text,
	               "#!/bin/sh\n" MARK "\n"
	               "# Refuses a commit whose staged specs have findings; "
	               "'git commit --no-verify' skips it.\n"
	               "mcpc=$(command -v mcpc || echo '%s')\n"
	               "exec \"$mcpc\" lint --staged\n",
	               self);
	/* atomic; a hook that appeared meanwhile is not replaced */
	if (text.oom ||
	    mcp_file_write_mode(path, text.ptr, text.len, 0755, there) != 0) {
		cli_error("hook: cannot write %s: %s", path,
		          text.oom ? "out of memory" : strerror(errno));
		mcp_buf_free(&text);
		return EXIT_TROUBLE;
	}
	mcp_buf_free(&text);
	printf("installed %s\n", path);
	return EXIT_CLEAN;
}
