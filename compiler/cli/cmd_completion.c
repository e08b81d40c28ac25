/*
 * cmd_completion.c: `mcpc completion bash|zsh`: a shell completion script
 * made from the command table and each command's own --help (its options
 * are the words that start with '-' there), so that it never falls behind
 * the commands. Also the source of the command list for the man page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

static const char usage[] =
    "usage: mcpc completion bash|zsh\n"
    "\n"
    "Print a completion script for the shell: commands, then each\n"
    "command's options, then file names.\n"
    "  mcpc completion bash > /etc/bash_completion.d/mcpc\n"
    "  mcpc completion zsh > \"${fpath[1]}/_mcpc\"\n";

/* A command's --help text, run in this process with standard output
 * sent to a temporary file. */
static int help_text(const cli_command_entry *c, mcp_buf *out)
{
	char name[64], help[] = "--help", *args[2];
	FILE *tmp = tmpfile();
	int saved, rc = -1;
	long len;

	if (!tmp)
		return -1;
	snprintf(name, sizeof(name), "%s", c->name);
	args[0] = name;
	args[1] = help;
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	if (saved >= 0 && dup2(fileno(tmp), STDOUT_FILENO) >= 0) {
		c->run(2, args);
		fflush(stdout);
		dup2(saved, STDOUT_FILENO);
		if ((len = ftell(tmp)) >= 0 && fseek(tmp, 0, SEEK_SET) == 0 &&
		    mcp_buf_grow(out, (size_t)len + 1) == 0 &&
		    fread(out->ptr, 1, (size_t)len, tmp) == (size_t)len) {
			out->len = (size_t)len;
			out->ptr[len] = '\0';
			rc = 0;
		}
	}
	if (saved >= 0)
		close(saved);
	fclose(tmp);
	return rc;
}

/* Add word (n bytes) to the space-separated list, once. */
static void add_word(mcp_buf *out, const char *word, size_t n)
{
	const char *s = out->ptr;

	while (s && *s) {
		size_t k = strcspn(s, " ");
		if (k == n && strncmp(s, word, n) == 0)
			return;
		s += k;
		s += *s == ' ';
	}
	if (out->len)
		mcp_buf_putc(out, ' ');
	mcp_buf_put(out, word, n);
}

/* The flags in [s, end): words that start with '-' after a space, a
 * bracket, a bar or the start. */
static void flags_in(const char *s, const char *end, mcp_buf *out)
{
	const char *p;

	for (p = s; p < end; p++) {
		const char *w = p;
		if (*p != '-' ||
		    (p > s && p[-1] != ' ' && p[-1] != '[' && p[-1] != '|'))
			continue;
		while (p < end && *p == '-')
			p++;
		while (p < end &&
		       ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		        (*p >= '0' && *p <= '9') ||
		        (*p == '-' && p + 1 < end && p[1] != '-')))
			p++;
		if ((size_t)(p - w) >= 2 && p[-1] != '-' &&
		    (w[1] == '-' || p - w == 2))
			add_word(out, w, (size_t)(p - w));
	}
}

/*
 * What completes after a command, from its help text: the words that
 * follow the command on the usage line (cache clear, completion bash|zsh),
 * the flags of the usage paragraph, and the flags that open an indented
 * line of the options list (before its description, two spaces on).
 */
static void options_of(const char *name, const char *text, mcp_buf *out)
{
	const char *line = text, *next, *u;
	int usage_part = 1;

	if ((u = strstr(text, name)) != NULL) { /* "usage: mcpc NAME word" */
		u += strlen(name);
		while (*u == ' ') {
			const char *w = ++u;
			while ((*u >= 'a' && *u <= 'z') || *u == '-')
				u++;
			if (u == w ||
			    (*u && *u != ' ' && *u != '|' && *u != '\n'))
				break;
			add_word(out, w, (size_t)(u - w));
			while (*u == '|') {
				w = ++u;
				while ((*u >= 'a' && *u <= 'z') || *u == '-')
					u++;
				if (u > w)
					add_word(out, w, (size_t)(u - w));
			}
		}
	}
	for (; *line; line = next) {
		const char *end = strchr(line, '\n'), *indent = line, *gap;
		end = end ? end : line + strlen(line);
		next = *end ? end + 1 : end;
		if (end == line) {
			usage_part = 0;
			continue;
		}
		if (usage_part) {
			flags_in(line, end, out);
			continue;
		}
		while (indent < end && *indent == ' ')
			indent++;
		if (indent == line || *indent != '-')
			continue;
		gap = strstr(indent, "  ");
		flags_in(indent, gap && gap < end ? gap : end, out);
	}
}

int cmd_completion(int argc, char **argv)
{
	const cli_command_entry *c;
	size_t i, n = cli_commands(&c);
	int bash;
	mcp_buf out, help, opts;

	for (i = 1; i < (size_t)argc; i++) {
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			fputs(usage, stdout);
			return EXIT_CLEAN;
		}
		if (strcmp(argv[i], "--version") == 0)
			return cli_version();
	}
	if (argc != 2 || (strcmp(argv[1], "bash") && strcmp(argv[1], "zsh"))) {
		cli_error("completion: say 'bash' or 'zsh' (see 'mcpc "
		          "completion --help')");
		return EXIT_TROUBLE;
	}
	bash = strcmp(argv[1], "bash") == 0;
	mcp_buf_init(&out);
	mcp_buf_init(&help);
	mcp_buf_init(&opts);
	if (bash)
		mcp_buf_puts(&out,
		             "# bash completion for mcpc (made by 'mcpc "
		             "completion bash')\n_mcpc() {\n"
		             "\tlocal cur=${COMP_WORDS[COMP_CWORD]} opts=\n"
		             "\tif [ \"$COMP_CWORD\" -eq 1 ]; then\n"
		             "\t\tCOMPREPLY=($(compgen -W \"");
	else
		mcp_buf_puts(&out, "#compdef mcpc\n# zsh completion for mcpc "
		                   "(made by 'mcpc completion zsh')\n"
		                   "_mcpc() {\n\tlocal -a cmds opts\n\tcmds=(");
	for (i = 0; i < n; i++)
		mcp_buf_printf(&out, "%s ", c[i].name);
	mcp_buf_puts(&out, "help");
	if (bash)
		mcp_buf_puts(&out, "\" -- \"$cur\"))\n\t\treturn\n\tfi\n"
		                   "\tcase ${COMP_WORDS[1]} in\n");
	else
		mcp_buf_puts(&out, ")\n\tif (( CURRENT == 2 )); then\n"
		                   "\t\tcompadd -a cmds\n\t\treturn\n\tfi\n"
		                   "\tcase $words[2] in\n");
	for (i = 0; i < n; i++) {
		mcp_buf_clear(&help);
		mcp_buf_clear(&opts);
		if (help_text(&c[i], &help) < 0)
			continue;
		options_of(c[i].name, help.ptr ? help.ptr : "", &opts);
		mcp_buf_printf(&out,
		               bash ? "\t%s) opts=\"%s\" ;;\n"
		                    : "\t%s) opts=(%s) ;;\n",
		               c[i].name, opts.ptr ? opts.ptr : "");
	}
	if (bash)
		mcp_buf_puts(&out,
		             "\tesac\n"
		             "\tif [ \"${COMP_WORDS[1]}\" = help ]; then\n"
		             "\t\tCOMPREPLY=($(compgen -W \"");
	else
		mcp_buf_puts(&out,
		             "\thelp) compadd -a cmds; return ;;\n\tesac\n"
		             "\tif [[ $PREFIX == -* ]]; then\n"
		             "\t\tcompadd -a opts\n\telse\n"
		             "\t\tcompadd ${opts:#-*}\n\t\t_files\n\tfi\n"
		             "}\n_mcpc \"$@\"\n");
	if (bash) {
		for (i = 0; i < n; i++)
			mcp_buf_printf(&out, "%s%s", i ? " " : "", c[i].name);
		mcp_buf_puts(
		    &out, "\" -- \"$cur\"))\n\t\treturn\n\tfi\n"
		          "\tif [[ $cur == -* ]]; then\n"
		          "\t\tCOMPREPLY=($(compgen -W \"$opts\" -- "
		          "\"$cur\"))\n\telse\n"
		          "\t\tCOMPREPLY=($(compgen -W \"$opts\" -- \"$cur\") "
		          "$(compgen -f -- \"$cur\"))\n\tfi\n"
		          "}\ncomplete -o filenames -F _mcpc mcpc\n");
	}
	if (out.oom) {
		cli_error("completion: out of memory");
	} else {
		fwrite(out.ptr, 1, out.len, stdout);
	}
	i = out.oom;
	mcp_buf_free(&out);
	mcp_buf_free(&help);
	mcp_buf_free(&opts);
	return i || fflush(stdout) != 0 ? EXIT_TROUBLE : EXIT_CLEAN;
}
