/*
 * rules_int.h: what the rules engine shares with its built-in checks
 * (rules_builtin.c, rbac.c): the walk over one document, the way a check
 * reports, and the table of built-in checks.
 */
#ifndef MCPC_CHECK_RULES_INT_H
#define MCPC_CHECK_RULES_INT_H

#include <jansson.h>
#include <stddef.h>

#include "mcpc/diag.h"
#include "mcpc/load.h"

struct rule;
struct mcp_rules;

/* One document being checked against one rule. */
typedef struct walk {
	const struct rule *r;
	const struct mcp_rules *rules;
	const mcp_source *src;
	size_t doc;
	mcp_diag *d;
	size_t first;   /* the document's first finding */
	size_t nbefore; /* findings that came before the rules */
	json_t *root;
	int oom;
	/* the pointers of the document's MCP-SCHEMA findings (those from
	 * first on, before the rules), which the rules do not judge again */
	const char **schema;
	size_t nschema;
	void *md; /* a PCRE2 match block the rules' expressions share */
	/* with mcp_rules_check_changed, the pointers where the document may
	 * differ from the one checked before (NULL: it may differ anywhere):
	 * a check whose findings each depend only on a node, its key and
	 * its container's key (the secret walks) looks only there */
	const char *const *changed;
	size_t nchanged;
} walk;

/* A finding of the current rule at @p pointer, with its own message;
 * nothing when the schema already rejected the value there. */
void mcp_rule_report(walk *w, const char *pointer, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Like mcp_rule_report, even where the schema rejected the value: what
 * is wrong with it otherwise does not make a secret less of a secret. */
void mcp_rule_report_anyway(walk *w, const char *pointer, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Like mcp_rule_report, with a related place (another pointer of the
 * same document) and what that place is. */
void mcp_rule_report_related(walk *w, const char *pointer, const char *related,
                             const char *what, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* A quantity (in nano-units) or, with @p duration, a Go duration (ns);
 * 0 when @p v is neither. */
int mcp_rule_measure(json_t *v, int duration, __int128 *out);

/* The project settings (kind Project) the rules were configured with:
 * the member @p key of its spec (e.g. "groups"), or NULL. */
json_t *mcp_rules_setting(const struct mcp_rules *r, const char *key);

/* The permission map (kind Permissions) merged from rules/rbac/ and
 * --rules folders: permission name -> its entry. */
json_t *mcp_rules_permissions(const struct mcp_rules *r);

/* The separation-of-duties pairs of the permission maps, an array. */
json_t *mcp_rules_duty_conflicts(const struct mcp_rules *r);

/* What the RBAC checks ask of a permission of the map, worked out once
 * from its entry when the map is loaded. */
typedef struct mcp_perm {
	json_t *entry;        /* its entry in the map */
	const char *duty;     /* the duty it serves, or NULL */
	int wildcard;         /* a rule of it grants '*' verbs or resources */
	int cluster_admin;    /* it binds cluster-admin, or '*' cluster-wide */
	int reads_secrets;    /* get, list or watch on secrets */
	int exec;             /* pods/exec or pods/attach */
	const char *escalate; /* the first of escalate, bind and impersonate
	                         it grants, or NULL */
} mcp_perm;

/* Work out @p p from a permission's @p entry (rbac.c). */
void mcp_rbac_perm_init(mcp_perm *p, json_t *entry);

/* The permission called @p name (NULL is none), or NULL when the map has
 * no such permission. */
const mcp_perm *mcp_rules_perm(const struct mcp_rules *r, const char *name);

typedef void (*mcp_builtin_fn)(walk *w);

/* A check in C, named and documented like a rule of a pack. */
typedef struct mcp_builtin {
	const char *id, *title, *severity, *category, *description, *fix,
	    *example;
	mcp_builtin_fn fn;
	const char *standard; /* the standard's section, or "none: ..." */
	int off;              /* off unless a project enables it */
	/* the pointer patterns of everything the check reads (what it
	 * reports at included: a schema finding below that place silences
	 * it), NULL-terminated; NULL: every node of the document.
	 * mcp_rules_check_changed runs the check only when a changed
	 * pointer lies at, above or below one of them */
	const char *const *reads;
} mcp_builtin;

/* Whether a change at pointer @p changed can alter what the nodes that
 * pointer pattern @p pattern matches hold or where they stand (1 or 0;
 * -1 out of memory): what mcp_rules_check_changed decides by. */
int mcp_rule_pattern_touches(const char *pattern, const char *changed);

/* mcp_rules_check_changed, and with @p remembered (unless NULL) whether
 * the rules remembered in @p diag every credential of the document that
 * mcp_secrets_remember (at the changed pointers: mcp_secrets_remember_at)
 * would: MCP-SEC-001's walk ran, which remembers as it reports. */
int mcp_rules_check_remembering(const struct mcp_rules *r,
                                const mcp_source *src, size_t doc, size_t first,
                                const char *const *changed, size_t nchanged,
                                mcp_diag *diag, int *remembered);

/* The RBAC checks (rbac.c). */
void mcp_check_rbac_unknown(walk *w);
void mcp_check_rbac_wildcard(walk *w);
void mcp_check_rbac_secrets(walk *w);
void mcp_check_rbac_escalate(walk *w);
void mcp_check_rbac_exec(walk *w);
void mcp_check_rbac_cluster_admin(walk *w);
void mcp_check_rbac_duties(walk *w);
void mcp_check_rbac_groups(walk *w);
void mcp_check_rbac_names(walk *w);
void mcp_check_rbac_audit_only(walk *w);
void mcp_check_rbac_standard_roles(walk *w);

/* The secret checks (secrets.c): MCP-SEC-001 by name, MCP-SEC-002 by
 * shape, over every key and value of the document. */
void mcp_check_secret_names(walk *w);
void mcp_check_secret_shapes(walk *w);

extern const mcp_builtin mcp_builtins[];
extern const size_t mcp_builtin_count;

/* The spec of the document being walked, or NULL. */
json_t *mcp_rule_spec(walk *w);

#endif
