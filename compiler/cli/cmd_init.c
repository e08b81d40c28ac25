/*
 * cmd_init.c: `mcpc init [--cloud azure|aws|gcp|on-prem] [DIR]`: a
 * commented starter spec and a project file that pass `mcpc check` as
 * written and build without errors, whose spec globs fit the repository
 * DIR is in (its test data and vendored code, a copy of mcpc's sources
 * included, excluded). It never overwrites a file, nor writes through a
 * symbolic link: when either is there already (a link counts, even one
 * to nothing), it writes neither.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "support/file.h"

static const char usage[] =
    "usage: mcpc init [--cloud azure|aws|gcp|on-prem] [DIR]\n"
    "\n"
    "Write a commented starter spec (DIR/inference.mcp.yaml) and a project\n"
    "file (DIR/.mcpc.yaml) that pass 'mcpc check' as written. DIR is the\n"
    "current folder unless given, and is made when missing. Nothing is\n"
    "overwritten: when either file exists, neither is written. A\n"
    "DIR/.gitignore that keeps lint's cache and build's output out of git\n"
    "is written too, unless one exists.\n"
    "\n"
    "options:\n"
    "  --cloud CLOUD   where it runs: azure (default), aws, gcp or on-prem;\n"
    "                  it picks the model store and the node-pool labels\n"
    "\n"
    "exit status: 0 written, 2 a file exists, cannot be written, or bad "
    "usage\n";

#define SPEC_FILE    "inference.mcp.yaml"
#define PROJECT_FILE ".mcpc.yaml"
#define IGNORE_FILE  ".gitignore"
#define IGNORE_TEXT                                                            \
	"# written by mcpc init: build's output is made again from the\n"      \
	"# specs (lint's cache lives in .git/mcpc-cache, out of git's way)\n"  \
	"out/\n"

/* What differs between clouds: the model store. */
typedef struct cloud {
	const char *name;
	const char *storage; /* the storage line of the model */
} cloud;

static const cloud clouds[] = {
    {"azure", "{type: azure-blob, uri: \"as://mcpmodels/models/sentiment\"}"},
    {"aws", "{type: s3, uri: \"s3://mcp-models/models/sentiment\"}"},
    {"gcp", "{type: gcs, uri: \"gs://mcp-models/models/sentiment\"}"},
    {"on-prem", "{type: pvc, claimName: model-repo, subPath: sentiment}"},
};

static const char spec_text[] =
    "# A starter MCP AI-102 deployment: one Triton server on a GPU node\n"
    "# pool behind the API gateway. `mcpc check %s` checks it;\n"
    "# `mcpc build -e prod %s` writes its Helm values and manifests.\n"
    "# Every field: docs/spec.md, or `mcpc schema ModelDeployment`.\n"
    "apiVersion: ai102.mcp/v1\n"
    "kind: ModelDeployment\n"
    "metadata:\n"
    "  name: sentiment               # a DNS-1123 label: the release name\n"
    "  namespace: mcp-system\n"
    "  labels: {team: ml-platform}\n"
    "spec:\n"
    "  target:                       # picks the matrix rows and API "
    "versions\n"
    "    kubernetes: \"1.29.4\"\n"
    "    helm: \"3.14.2\"\n"
    "    cloud: %s\n"
    "  requirements: {cpu: 8, memory: 32Gi, gpu: 1}   # checked against "
    "the pools\n"
    "  nodePools:\n"
    "    - name: gpu-pool\n"
    "      cpu: 32\n"
    "      memory: 256Gi\n"
    "      gpu: {vendor: nvidia, model: a100, count: 4, driver: "
    "\"550.54.15\"}\n"
    "      taints: [{key: nvidia.com/gpu, effect: NoSchedule}]\n"
    "  registry:\n"
    "    server: registry.example.com # change to your registry\n"
    "    pullSecret: regcred          # an existing Secret; never inline "
    "credentials\n"
    "  inference:\n"
    "    server: triton\n"
    "    version: \"24.05\"            # the Triton release (YY.MM)\n"
    "    replicas: 2\n"
    "    nodePool: gpu-pool\n"
    "    gpu: {enabled: true, count: 1}\n"
    "    resources:\n"
    "      requests: {cpu: \"4\", memory: 8Gi}\n"
    "      limits: {cpu: \"8\", memory: 16Gi}\n"
    "    models:\n"
    "      - name: sentiment\n"
    "        format: onnx             # onnx | pytorch | tensorflow | "
    "tensorrt | python\n"
    "        storage: %s\n"
    "    ports: {http: 8000, grpc: 8001, metrics: 8002}\n"
    "  gateway:\n"
    "    host: ai.example.com         # change to your host name\n"
    "    tls: {secretName: ai-example-tls}\n"
    "    auth:\n"
    "      type: jwt\n"
    "      issuer: https://login.example.com/\n"
    "      audience: sentiment\n"
    "      jwksUri: https://login.example.com/.well-known/jwks.json\n"
    "  observability:\n"
    "    logLevel: INFO\n"
    "    metrics: {enabled: true, serviceMonitor: true}\n"
    "  security:\n"
    "    podSecurity: restricted\n"
    "    networkPolicy: {enabled: true, ingressFrom: [{namespace: "
    "ingress-nginx}]}\n"
    "    hostBaseline:                # the standard's security baseline\n"
    "      sshRootLogin: false\n"
    "      disabledServices: [telnet]\n"
    "      fileModes: {/etc/passwd: \"0644\", /etc/shadow: \"0400\"}\n"
    "      fileOwners: {/etc/passwd: \"root:root\", /etc/shadow: "
    "\"root:root\"}\n"
    "  rbac:                         # the standard's two roles\n"
    "    roles:\n"
    "      - {name: ops-admin, permissions: [deploy, logs], subjects: "
    "[{group: ops-team}]}\n"
    "      - {name: sec-auditor, permissions: [audit-logs], subjects: "
    "[{group: sec-team}]}\n"
    "  rollout:\n"
    "    maxUnavailable: 0\n"
    "    maxSurge: 1\n"
    "    autoscaling: {minReplicas: 2, maxReplicas: 8, "
    "targetCPUUtilization: 70}\n"
    "    disruptionBudget: {minAvailable: 1}\n"
    "  environments:                 # merge patches onto spec: build -e "
    "ENV\n"
    "    dev: {inference: {replicas: 1}, observability: {logLevel: "
    "DEBUG}}\n"
    "    prod: {inference: {replicas: 4}}\n";

static const char project_text[] =
    "# mcpc's settings for this repository (docs/project.md).\n"
    "apiVersion: ai102.mcp/v1\n"
    "kind: Project\n"
    "metadata: {name: %s}\n"
    "spec:\n"
    "  # what `mcpc lint` checks: paths from the repository's top\n"
    "  specs: [\"%s**/*.mcp.yaml\"]\n"
    "  # never linted, though a spec glob matches (each run counts them)\n"
    "  exclude:\n"
    "    - \"**/fixtures/**\"    # test data, specs broken on purpose\n"
    "    - \"**/testdata/**\"    #   (a vendored copy of mcpc's own too)\n"
    "    - \"**/vendor/**\"      # vendored code\n"
    "    - \"**/third_party/**\"\n"
    "    - \"**/node_modules/**\"\n"
    "  failOn: error                  # warning: fail on warnings too\n"
    "  rules:\n"
    "    enable: []                   # rules that are off by default, "
    "on\n"
    "    disable: []                  # rules that do not apply here\n";

/*
 * When @p dir lies below the top of a git work tree, its path from the
 * top and a '/' into @p out (the spec glob's prefix: lint reads globs as
 * paths from the top); else "". A path a glob would read otherwise (one
 * with * ? { } [ ] \ or a leading !) gives "" too: every spec, then.
 */
static void glob_prefix(char *out, size_t n, const char *dir)
{
	char abs[4096], *top = NULL;
	size_t tl;

	out[0] = '\0';
	if (!realpath(dir, abs) || mcp_repo_top(&top, abs, NULL) != 0)
		return;
	tl = strlen(top);
	if (strncmp(abs, top, tl) == 0 && abs[tl] == '/' && abs[tl + 1] &&
	    !strpbrk(abs + tl + 1, "*?{}[]\\") && abs[tl + 1] != '!')
		snprintf(out, n, "%s/", abs + tl + 1);
	free(top);
}

/* A project name from the folder's name: a DNS-1123 label. */
static void project_name(char *out, size_t n, const char *dir)
{
	char abs[4096];
	const char *base;
	size_t k = 0;

	if (!realpath(dir, abs))
		snprintf(abs, sizeof(abs), "%s", dir);
	base = strrchr(abs, '/');
	base = base && base[1] ? base + 1 : "mcp";
	for (; *base && k + 1 < n && k < 63; base++) {
		char ch = *base;
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
			out[k++] = ch;
		else if (k && out[k - 1] != '-')
			out[k++] = '-';
	}
	while (k && out[k - 1] == '-')
		k--;
	if (!k)
		k = (size_t)snprintf(out, n, "mcp");
	out[k] = '\0';
}

int cmd_init(int argc, char **argv)
{
	const cloud *c = &clouds[0];
	const char *dir = ".";
	char spec_path[4200], project_path[4200], ignore_path[4200], name[64],
	    prefix[4200];
	mcp_buf spec, project;
	struct stat st;
	int i, nargs = 0, rc = EXIT_CLEAN;
	size_t k;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = NULL;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(usage, stdout);
			return EXIT_CLEAN;
		}
		if (strcmp(a, "--version") == 0)
			return cli_version();
		if (strncmp(a, "--cloud=", 8) == 0)
			v = a + 8;
		else if (strcmp(a, "--cloud") == 0 && i + 1 < argc)
			v = argv[++i];
		else if (strcmp(a, "--cloud") == 0) {
			cli_error(
			    "init: --cloud needs a value: azure, aws, gcp or "
			    "on-prem");
			return EXIT_TROUBLE;
		}
		if (v) {
			for (k = 0; k < sizeof(clouds) / sizeof(clouds[0]); k++)
				if (strcmp(v, clouds[k].name) == 0)
					break;
			if (k == sizeof(clouds) / sizeof(clouds[0])) {
				cli_error("init: unknown cloud '%s' (expected "
				          "azure, aws, gcp or on-prem)",
				          v);
				return EXIT_TROUBLE;
			}
			c = &clouds[k];
			continue;
		}
		if (a[0] == '-' && a[1]) {
			cli_error("init: unknown option '%s' (see 'mcpc init "
			          "--help')",
			          a);
			return EXIT_TROUBLE;
		}
		dir = a;
		if (++nargs > 1) {
			cli_error(
			    "init: give one folder at most (see 'mcpc init "
			    "--help')");
			return EXIT_TROUBLE;
		}
	}
	snprintf(spec_path, sizeof(spec_path), "%s/%s", dir, SPEC_FILE);
	snprintf(project_path, sizeof(project_path), "%s/%s", dir,
	         PROJECT_FILE);
	snprintf(ignore_path, sizeof(ignore_path), "%s/%s", dir, IGNORE_FILE);
	/* lstat: a symbolic link there, even to nothing, is the user's */
	if (lstat(spec_path, &st) == 0 || lstat(project_path, &st) == 0) {
		cli_error(
		    "init: %s already exists; nothing written (init never "
		    "overwrites)",
		    lstat(spec_path, &st) == 0 ? spec_path : project_path);
		return EXIT_TROUBLE;
	}
	if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
		cli_error("init: cannot make %s: %s", dir, strerror(errno));
		return EXIT_TROUBLE;
	}
	project_name(name, sizeof(name), dir);
	glob_prefix(prefix, sizeof(prefix), dir);
	mcp_buf_init(&spec);
	mcp_buf_init(&project);
	mcp_buf_printf(&spec, spec_text, SPEC_FILE, SPEC_FILE, c->name,
	               c->storage);
	mcp_buf_printf(&project, project_text, name, prefix);
	if (spec.oom || project.oom) {
		cli_error("init: out of memory");
		rc = EXIT_TROUBLE;
	} else if (mcp_file_write_mode(project_path, project.ptr, project.len,
	                               0644, 0) != 0) {
		/* not ours to remove: it may have appeared meanwhile */
		cli_error("init: cannot write %s: %s", project_path,
		          strerror(errno));
		rc = EXIT_TROUBLE;
	} else if (mcp_file_write_mode(spec_path, spec.ptr, spec.len, 0644,
	                               0) != 0) {
		cli_error("init: cannot write %s: %s", spec_path,
		          strerror(errno));
		unlink(project_path); /* ours: written a moment ago */
		rc = EXIT_TROUBLE;
	} else {
		/* what lint's cache and build's output are, kept out of git,
		 * unless the folder has its own .gitignore already (a link
		 * to one, or to nothing, included) */
		int ignore =
		    lstat(ignore_path, &st) != 0 &&
		    mcp_file_write_mode(ignore_path, IGNORE_TEXT,
		                        strlen(IGNORE_TEXT), 0644, 0) == 0;
		printf("wrote %s and %s (cloud: %s)%s%s\n", project_path,
		       spec_path, c->name, ignore ? ", and " : "",
		       ignore ? ignore_path : "");
		/* the project file is found from the current folder up */
		if (*prefix)
			printf("note: %s is below the top of its repository: "
			       "mcpc finds %s from the current folder up, so "
			       "run mcpc lint in %s (its globs name %s**)\n",
			       dir, PROJECT_FILE, dir, prefix);
		if (strcmp(dir, ".") == 0)
			printf("next: mcpc check %s, then mcpc build -e prod "
			       "%s\n",
			       SPEC_FILE, SPEC_FILE);
		else
			printf("next: cd %s, then mcpc check %s and mcpc build "
			       "-e prod %s\n",
			       dir, SPEC_FILE, SPEC_FILE);
	}
	mcp_buf_free(&spec);
	mcp_buf_free(&project);
	return rc;
}
