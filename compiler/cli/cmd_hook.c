/*
 * cmd_hook.c: the repository chores. `mcpc hook install [--force]`: a
 * plain git pre-commit hook that runs `mcpc lint --staged`, for
 * repositories without the pre-commit framework (which uses
 * .pre-commit-hooks.yaml instead); a hook mcpc did not write is never
 * overwritten without --force.
 */
#include <errno.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "cli/cli.h"

#define MARK "# installed by mcpc hook install"

static const char usage[] =
    "usage: mcpc hook install [--force]\n"
    "\n"
    "Write the pre-commit hook of the repository around the current\n"
    "folder, where git runs it (.git/hooks, or core.hooksPath when set;\n"
    "a linked work tree shares the main one's): it runs 'mcpc lint\n"
    "--staged' and refuses a commit whose staged specs have findings at or\n"
    "above --fail-on. An existing hook that mcpc did not write is kept\n"
    "unless --force is given.\n";

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

int cmd_hook(int argc, char **argv)
{
	char dir[PATH_MAX], path[PATH_MAX + 16], self[PATH_MAX], old[256];
	int force = 0, i;
	FILE *f;
	ssize_t n;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			fputs(usage, stdout);
			return EXIT_CLEAN;
		}
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
	snprintf(path, sizeof(path), "%s/pre-commit", dir);
	if ((f = fopen(path, "r")) != NULL) {
		size_t got = fread(old, 1, sizeof(old) - 1, f);
		old[got] = '\0';
		fclose(f);
		if (!strstr(old, MARK) && !force) {
			cli_error(
			    "hook: %s exists and mcpc did not write it; "
			    "add 'mcpc lint --staged' to it, or use --force",
			    path);
			return EXIT_TROUBLE;
		}
	}
	/* the hook finds mcpc on PATH, else where this one runs from */
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	self[n > 0 ? n : 0] = '\0';
	if (mkdir(dir, 0777) < 0 && access(dir, F_OK) != 0) {
		cli_error("hook: cannot create %s: %s", dir, strerror(errno));
		return EXIT_TROUBLE;
	}
	if (!(f = fopen(path, "w"))) {
		cli_error("hook: cannot write %s", path);
		return EXIT_TROUBLE;
	}
	fprintf(f,
	        "#!/bin/sh\n" MARK "\n"
	        "# Refuses a commit whose staged specs have findings; "
	        "'git commit --no-verify' skips it.\n"
	        "mcpc=$(command -v mcpc || echo '%s')\n"
	        "exec \"$mcpc\" lint --staged\n",
	        self);
	if (fclose(f) != 0 || chmod(path, 0755) != 0) {
		cli_error("hook: cannot write %s", path);
		return EXIT_TROUBLE;
	}
	printf("installed %s\n", path);
	return EXIT_CLEAN;
}
