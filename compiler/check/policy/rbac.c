/*
 * rbac.c: the RBAC checks. Each role's permission names are looked up in
 * the permission map (rules/rbac/, kind Permissions) and the Kubernetes
 * rules they stand for are judged: wildcards, Secrets, escalate, bind and
 * impersonate, pods/exec, cluster-admin. Across roles, one subject must
 * not hold two duties the map keeps apart, and with a project that lists
 * its groups, every subject group must be one of them.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "check/policy/rules_int.h"
#include "mcpc/schema.h"

static json_t *roles_of(walk *w)
{
	return json_object_get(json_object_get(mcp_rule_spec(w), "rbac"),
	                       "roles");
}

static int has(json_t *list, const char *s)
{
	size_t i;
	for (i = 0; i < json_array_size(list); i++) {
		const char *x = json_string_value(json_array_get(list, i));
		if (x && strcmp(x, s) == 0)
			return 1;
	}
	return 0;
}

/* The closest of the keys of obj (or strings of arr) to want, within 2. */
static const char *closest(json_t *obj, json_t *arr, const char *want)
{
	const char *best = NULL, *key;
	size_t bd = 3, i, dist;
	json_t *v;

	json_object_foreach(obj, key, v)
	{
		dist = mcp_edit_distance(want, strlen(want), key, strlen(key));
		if (dist < bd) {
			bd = dist;
			best = key;
		}
	}
	for (i = 0; i < json_array_size(arr); i++) {
		const char *s = json_string_value(json_array_get(arr, i));
		if (!s)
			continue;
		dist = mcp_edit_distance(want, strlen(want), s, strlen(s));
		if (dist < bd) {
			bd = dist;
			best = s;
		}
	}
	return best;
}

/*
 * Call fn for every permission of every role: its name, what the map
 * says of it (NULL: unknown), the role's and the permission's indexes.
 * The pointer of a permission is written only for a finding (perm_at).
 */
typedef void (*perm_fn)(walk *w, const char *name, const mcp_perm *p,
                        size_t role, size_t k);

static void each_permission(walk *w, perm_fn fn)
{
	json_t *roles = roles_of(w);
	size_t i, k;

	for (i = 0; i < json_array_size(roles); i++) {
		json_t *perms =
		    json_object_get(json_array_get(roles, i), "permissions");
		for (k = 0; k < json_array_size(perms); k++) {
			const char *name =
			    json_string_value(json_array_get(perms, k));
			if (!name)
				continue;
			fn(w, name, mcp_rules_perm(w->rules, name), i, k);
		}
	}
}

/* The pointer of permission k of role i, in buf. */
static const char *perm_at(char buf[96], size_t i, size_t k)
{
	snprintf(buf, 96, "/spec/rbac/roles/%zu/permissions/%zu", i, k);
	return buf;
}

/* A check that judges each permission of each role with one. */
#define PER_PERMISSION(check, one)                                             \
	void check(walk *w)                                                    \
	{                                                                      \
		each_permission(w, one);                                       \
	}

/* Whether a rule of the entry has verb (or "*") on resource (or "*"). */
static int grants(json_t *entry, const char *resource, const char *verb)
{
	json_t *rules = json_object_get(entry, "rules");
	size_t i;

	for (i = 0; i < json_array_size(rules); i++) {
		json_t *r = json_array_get(rules, i);
		json_t *res = json_object_get(r, "resources");
		json_t *verbs = json_object_get(r, "verbs");
		if ((!resource || has(res, resource)) &&
		    (!verb || has(verbs, verb)))
			return 1;
	}
	return 0;
}

void mcp_rbac_perm_init(mcp_perm *p, json_t *entry)
{
	static const char *const verbs[] = {"escalate", "bind", "impersonate"};
	const char *cr =
	    json_string_value(json_object_get(entry, "clusterRole"));
	const char *scope = json_string_value(json_object_get(entry, "scope"));
	size_t i;

	memset(p, 0, sizeof(*p));
	p->entry = entry;
	p->duty = json_string_value(json_object_get(entry, "duty"));
	p->wildcard = grants(entry, "*", NULL) || grants(entry, NULL, "*");
	p->cluster_admin =
	    (cr && strcmp(cr, "cluster-admin") == 0) ||
	    (scope && strcmp(scope, "cluster") == 0 && p->wildcard);
	p->reads_secrets = grants(entry, "secrets", "get") ||
	                   grants(entry, "secrets", "list") ||
	                   grants(entry, "secrets", "watch");
	p->exec = grants(entry, "pods/exec", NULL) ||
	          grants(entry, "pods/attach", NULL);
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]) && !p->escalate; i++)
		if (grants(entry, NULL, verbs[i]))
			p->escalate = verbs[i];
}

static void unknown_one(walk *w, const char *name, const mcp_perm *p, size_t i,
                        size_t k)
{
	const char *best;
	char at[96];

	if (p)
		return;
	best = closest(mcp_rules_permissions(w->rules), NULL, name);
	if (best)
		mcp_rule_report(w, perm_at(at, i, k),
		                "permission '%s' is not in the permission map; "
		                "did you mean '%s'?",
		                name, best);
	else
		mcp_rule_report(w, perm_at(at, i, k),
		                "permission '%s' is not in the permission map",
		                name);
}

/* MCP-RBAC-001 */
PER_PERMISSION(mcp_check_rbac_unknown, unknown_one)

static void wildcard_one(walk *w, const char *name, const mcp_perm *p, size_t i,
                         size_t k)
{
	char at[96];

	if (p && p->wildcard && !p->cluster_admin)
		mcp_rule_report(
		    w, perm_at(at, i, k),
		    "permission '%s' grants '*' (every verb or every "
		    "resource)",
		    name);
}

/* MCP-RBAC-002 */
PER_PERMISSION(mcp_check_rbac_wildcard, wildcard_one)

static void secrets_one(walk *w, const char *name, const mcp_perm *p, size_t i,
                        size_t k)
{
	char at[96];

	if (!p || p->wildcard || p->cluster_admin)
		return; /* MCP-RBAC-002 or -006 says more */
	if (p->reads_secrets)
		mcp_rule_report(w, perm_at(at, i, k),
		                "permission '%s' reads Secrets (list and watch "
		                "return their contents too)",
		                name);
}

/* MCP-RBAC-003 */
PER_PERMISSION(mcp_check_rbac_secrets, secrets_one)

static void escalate_one(walk *w, const char *name, const mcp_perm *p, size_t i,
                         size_t k)
{
	char at[96];

	if (!p || p->wildcard || p->cluster_admin || !p->escalate)
		return;
	mcp_rule_report(w, perm_at(at, i, k),
	                "permission '%s' grants '%s': its holder "
	                "can gain rights it was not given",
	                name, p->escalate);
}

/* MCP-RBAC-004 */
PER_PERMISSION(mcp_check_rbac_escalate, escalate_one)

static void exec_one(walk *w, const char *name, const mcp_perm *p, size_t i,
                     size_t k)
{
	char at[96];

	if (!p || p->wildcard || p->cluster_admin)
		return;
	if (p->exec)
		mcp_rule_report(w, perm_at(at, i, k),
		                "permission '%s' opens a shell in running pods "
		                "(pods/exec or pods/attach)",
		                name);
}

/* MCP-RBAC-005 */
PER_PERMISSION(mcp_check_rbac_exec, exec_one)

static void admin_one(walk *w, const char *name, const mcp_perm *p, size_t i,
                      size_t k)
{
	char at[96];

	if (p && p->cluster_admin)
		mcp_rule_report(w, perm_at(at, i, k),
		                "permission '%s' binds cluster-admin: every "
		                "action on every resource in every namespace",
		                name);
}

/* MCP-RBAC-006 */
PER_PERMISSION(mcp_check_rbac_cluster_admin, admin_one)

/* The subject's kind and name ("group", "ops-team"); 0 when malformed. */
static int subject_id(json_t *subj, const char **kind, const char **name)
{
	static const char *const kinds[] = {"group", "user", "serviceAccount"};
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if ((*name =
		         json_string_value(json_object_get(subj, kinds[i])))) {
			*kind = kinds[i];
			return 1;
		}
	return 0;
}

/* The first permission of role (index into its list) that serves duty,
 * or (size_t)-1. */
static size_t serving(walk *w, json_t *role, const char *duty)
{
	json_t *perms = json_object_get(role, "permissions");
	size_t k;

	for (k = 0; k < json_array_size(perms); k++) {
		const mcp_perm *p = mcp_rules_perm(
		    w->rules, json_string_value(json_array_get(perms, k)));
		if (p && p->duty && strcmp(p->duty, duty) == 0)
			return k;
	}
	return (size_t)-1;
}

/* Whether a role before index i that serves duty has this subject. */
static int held_before(walk *w, json_t *roles, size_t i, const char *duty,
                       const char *kind, const char *name)
{
	size_t j, t;

	for (j = 0; j < i; j++) {
		json_t *rj = json_array_get(roles, j);
		json_t *sj = json_object_get(rj, "subjects");
		const char *k2, *n2;
		if (serving(w, rj, duty) == (size_t)-1)
			continue;
		for (t = 0; t < json_array_size(sj); t++)
			if (subject_id(json_array_get(sj, t), &k2, &n2) &&
			    strcmp(kind, k2) == 0 && strcmp(name, n2) == 0)
				return 1;
	}
	return 0;
}

/* MCP-RBAC-008: one subject holding two duties kept apart. */
void mcp_check_rbac_duties(walk *w)
{
	json_t *roles = roles_of(w),
	       *pairs = mcp_rules_duty_conflicts(w->rules);
	size_t i, j, p, s, t;
	char here[128], there[128];

	for (p = 0; p < json_array_size(pairs); p++) {
		json_t *duties =
		    json_object_get(json_array_get(pairs, p), "duties");
		const char *a = json_string_value(json_array_get(duties, 0));
		const char *b = json_string_value(json_array_get(duties, 1));
		if (!a || !b)
			continue;
		/* every subject of a role serving a, against every subject
		 * of a role (the same or another) serving b */
		for (i = 0; i < json_array_size(roles); i++) {
			json_t *ri = json_array_get(roles, i);
			size_t ka = serving(w, ri, a);
			json_t *si = json_object_get(ri, "subjects");
			if (ka == (size_t)-1)
				continue;
			for (s = 0; s < json_array_size(si); s++) {
				const char *kind, *name;
				int done = 0;
				if (!subject_id(json_array_get(si, s), &kind,
				                &name) ||
				    held_before(w, roles, i, a, kind, name))
					continue;
				for (j = 0; j < json_array_size(roles) && !done;
				     j++) {
					json_t *rj = json_array_get(roles, j);
					size_t kb = serving(w, rj, b);
					json_t *sj =
					    json_object_get(rj, "subjects");
					if (kb == (size_t)-1)
						continue;
					for (t = 0; t < json_array_size(sj);
					     t++) {
						const char *k2, *n2;
						if (!subject_id(
						        json_array_get(sj, t),
						        &k2, &n2) ||
						    strcmp(kind, k2) ||
						    strcmp(name, n2))
							continue;
						snprintf(here, sizeof(here),
						         "/spec/rbac/roles/%zu/"
						         "permissions/%zu",
						         j, kb);
						snprintf(there, sizeof(there),
						         "/spec/rbac/roles/%zu/"
						         "permissions/%zu",
						         i, ka);
						mcp_rule_report_related(
						    w, here, there,
						    "the other duty is granted "
						    "here",
						    "%s '%s' holds both the %s "
						    "and the "
						    "%s duty: %s",
						    kind, name, a, b,
						    json_string_value(
						        json_object_get(
						            json_array_get(
						                pairs, p),
						            "reason")));
						done = 1;
						break;
					}
				}
			}
		}
	}
}

/* MCP-RBAC-009: subject groups the project knows. */
void mcp_check_rbac_groups(walk *w)
{
	json_t *roles = roles_of(w),
	       *groups = mcp_rules_setting(w->rules, "groups");
	size_t i, s;
	char ptr[96];

	if (!groups)
		return;
	for (i = 0; i < json_array_size(roles); i++) {
		json_t *subs =
		    json_object_get(json_array_get(roles, i), "subjects");
		for (s = 0; s < json_array_size(subs); s++) {
			const char *g = json_string_value(
			    json_object_get(json_array_get(subs, s), "group"));
			const char *best;
			if (!g || has(groups, g))
				continue;
			snprintf(ptr, sizeof(ptr),
			         "/spec/rbac/roles/%zu/subjects/%zu/group", i,
			         s);
			best = closest(NULL, groups, g);
			if (best)
				mcp_rule_report(
				    w, ptr,
				    "group '%s' is not one of the "
				    "project's groups; did you mean "
				    "'%s'?",
				    g, best);
			else
				mcp_rule_report(w, ptr,
				                "group '%s' is not one of the "
				                "project's groups (.mcpc.yaml)",
				                g);
		}
	}
}

/* MCP-RBAC-010: role names are unique. */
void mcp_check_rbac_names(walk *w)
{
	json_t *roles = roles_of(w);
	size_t i, j;
	char here[64], there[64];

	for (i = 1; i < json_array_size(roles); i++) {
		const char *n = json_string_value(
		    json_object_get(json_array_get(roles, i), "name"));
		for (j = 0; n && j < i; j++) {
			const char *m = json_string_value(
			    json_object_get(json_array_get(roles, j), "name"));
			if (!m || strcmp(n, m) != 0)
				continue;
			snprintf(here, sizeof(here),
			         "/spec/rbac/roles/%zu/name", i);
			snprintf(there, sizeof(there),
			         "/spec/rbac/roles/%zu/name", j);
			mcp_rule_report_related(
			    w, here, there, "the first role of that name",
			    "role '%s' is defined twice", n);
			break;
		}
	}
}

/* The duty of a permission name in the map, or NULL when unknown. */
static const char *duty_of(walk *w, json_t *perm)
{
	const mcp_perm *p = mcp_rules_perm(w->rules, json_string_value(perm));
	return p ? p->duty : NULL;
}

/* MCP-RBAC-012: the security auditor audits only ("log audit only"). */
void mcp_check_rbac_audit_only(walk *w)
{
	json_t *roles = roles_of(w);
	size_t i, k;
	char here[96], there[96];

	for (i = 0; i < json_array_size(roles); i++) {
		json_t *role = json_array_get(roles, i);
		json_t *perms = json_object_get(role, "permissions");
		size_t ka = serving(w, role, "audit");
		const char *rn =
		    json_string_value(json_object_get(role, "name"));
		if (ka == (size_t)-1)
			continue;
		snprintf(there, sizeof(there),
		         "/spec/rbac/roles/%zu/permissions/%zu", i, ka);
		for (k = 0; k < json_array_size(perms); k++) {
			json_t *p = json_array_get(perms, k);
			const char *d = duty_of(w, p);
			if (!d || strcmp(d, "audit") == 0)
				continue; /* unknown: MCP-RBAC-001's */
			snprintf(here, sizeof(here),
			         "/spec/rbac/roles/%zu/permissions/%zu", i, k);
			mcp_rule_report_related(
			    w, here, there, "the audit permission",
			    "role '%s' audits (%s) and also holds '%s', a "
			    "permission of the %s duty: the security auditor "
			    "audits logs only",
			    rn ? rn : "?",
			    json_string_value(json_array_get(perms, ka)),
			    json_string_value(p), d);
		}
	}
}

/* MCP-RBAC-013: the standard's two roles exist. */
void mcp_check_rbac_standard_roles(walk *w)
{
	static const struct {
		const char *duty, *role, *does;
	} need[] = {
	    {"deploy", "operations administrator",
	     "server deployment and log viewing, e.g. deploy and logs"},
	    {"audit", "security auditor", "log audit only, e.g. audit-logs"},
	};
	json_t *roles = roles_of(w);
	size_t i, n;

	if (!json_array_size(roles))
		return; /* MCP-RBAC-011's finding */
	for (n = 0; n < sizeof(need) / sizeof(need[0]); n++) {
		for (i = 0; i < json_array_size(roles); i++)
			if (serving(w, json_array_get(roles, i),
			            need[n].duty) != (size_t)-1)
				break;
		if (i < json_array_size(roles))
			continue;
		mcp_rule_report(
		    w, "/spec/rbac/roles",
		    "no role holds a permission of the %s duty: the "
		    "standard's %s (%s) is missing",
		    need[n].duty, need[n].role, need[n].does);
	}
}
