/*
 * rules.h: policy rules as data (kind RulePack, rules/packs/ embedded at
 * build time, more with --rules DIR). A rule selects values of a spec by
 * a JSON Pointer with '*' segments, checks preconditions, and asserts
 * conditions on each value; docs/rules.md describes the format.
 */
#ifndef MCPC_RULES_H
#define MCPC_RULES_H

#include <stddef.h>

#include "mcpc/export.h"
#include "mcpc/diag.h"
#include "mcpc/load.h"
#include "mcpc/project.h"
#include "mcpc/schema.h"

typedef struct mcp_rules mcp_rules;

/* One rule, as `mcpc rules` lists it. */
typedef struct mcp_rule_info {
	const char *id, *title, *category, *description, *fix, *docs;
	const char *example; /* a spec fragment that fires it, or NULL */
	const char *pack;    /* the pack's metadata.name */
	mcp_severity severity;
	int enabled; /* 0: off unless a project enables it */
	/* where the MCP AI-102 standard asks for it ("none: ..." when it
	 * does not), or NULL when the rule does not say */
	const char *standard;
	/* 1 for one of mcpc's own rules (mcp_fixed_rules_info): no pack
	 * defines it, so no project turns it off or changes its severity;
	 * pack then names the part of mcpc that reports it */
	int fixed;
	int waivable; /* 0: no waiver accepts its findings */
	int bundled;  /* shipped with mcpc: docs/rules/ has its page */
} mcp_rule_info;

/**
 * Load the bundled packs, then every YAML or JSON file under each of
 * @p dirs. Each file is validated against its schema (@p schema, the
 * built-in dispatcher) first, and every regular expression compiled; a
 * rule with the id of an earlier rule replaces it (to re-level or change
 * a bundled rule).
 *
 * @return 0; MCP_EPARSE when a pack is malformed or invalid (findings say
 *         where); MCP_EIO; MCP_ENOMEM
 */
MCP_EXPORT int mcp_rules_load(mcp_rules **out, const char *const *dirs,
                              size_t ndirs, const mcp_schema *schema,
                              const mcp_load_opts *opts, mcp_diag *diag);

/** Free rules from mcp_rules_load. NULL is fine. */
MCP_EXPORT void mcp_rules_free(mcp_rules *r);

/**
 * Apply a project's settings (@p p may be NULL): spec.rules.disable,
 * enable and severity, and the groups and services the RBAC and network
 * rules read. A rule id the rules do not have is a fatal MCP-PROJECT-001
 * at its place in the project file, with a suggestion.
 *
 * @return 0; MCP_EPARSE; MCP_ENOMEM
 */
MCP_EXPORT int mcp_rules_configure(mcp_rules *r, const mcp_project *p,
                                   mcp_diag *diag);

/* The rules, sorted by id. */
MCP_EXPORT size_t mcp_rules_count(const mcp_rules *r);

/* The index of the rule with this id, or (size_t)-1. */
MCP_EXPORT size_t mcp_rules_find(const mcp_rules *r, const char *id);

/* Fill @p out with rule @p i (below mcp_rules_count); its strings belong to
 * @p r. */
MCP_EXPORT void mcp_rules_info(const mcp_rules *r, size_t i,
                               mcp_rule_info *out);

/*
 * mcpc's own rules: what its stages report themselves (the loader's
 * MCP-YAML-*, the schema engine's MCP-SCHEMA-*, the matrix's MCP-COMPAT-*,
 * files, git, the build, the project file, rule packs, waivers), sorted
 * by id. Documented like the rules of a pack, but in no pack.
 */
MCP_EXPORT size_t mcp_fixed_rules_count(void);

/* The index of mcpc's own rule with this id, or (size_t)-1. */
MCP_EXPORT size_t mcp_fixed_rules_find(const char *id);
/* The description of mcpc's own rule @p i (< mcp_fixed_rules_count()). */
MCP_EXPORT void mcp_fixed_rules_info(size_t i, mcp_rule_info *out);

/**
 * Describe the rule called @p id: a rule of @p r (which may be NULL),
 * else one of mcpc's own rules.
 *
 * @return 0, or -1 when no rule has that id
 */
MCP_EXPORT int mcp_rule_describe(const mcp_rules *r, const char *id,
                                 mcp_rule_info *out);

/* The permission map's entry for a permission name (kind Permissions:
 * name, duty, rules or clusterRole, scope), or NULL. */
MCP_EXPORT json_t *mcp_rules_permission(const mcp_rules *r, const char *name);

/**
 * Hold document @p doc of @p src (a ModelDeployment; other kinds are left
 * alone) against every rule; findings go to @p diag. The findings from
 * index @p first on are the document's earlier ones (the schema's): a
 * value they reject is not judged again.
 *
 * @return 0 or MCP_ENOMEM
 */
MCP_EXPORT int mcp_rules_check(const mcp_rules *r, const mcp_source *src,
                               size_t doc, size_t first, mcp_diag *diag);

/**
 * Like mcp_rules_check, for a document that differs from one already
 * checked only at and below a few nodes (an environment overlay merged
 * onto its spec): runs only the rules whose findings could differ. A
 * rule is left out when nothing it reads (the nodes its pointer
 * patterns match, everything below them, their ancestors) lies at,
 * above or below a pointer of @p changed; its findings are then those
 * of the earlier check. A rule that reads every node (the secret rules)
 * runs whenever something changed; a change at the root or at /kind
 * runs every rule.
 *
 * The contract is the caller's: every node at or below a pointer of
 * @p changed may differ from the earlier document, in value or place;
 * every other node is the same value at the same place. Since a rule
 * does not judge a value the schema rejected, @p changed must also hold
 * the pointer of every MCP-SCHEMA finding of both documents.
 *
 * @param changed  @p nchanged JSON Pointers, escaped as findings write
 *                 them (~0, ~1); NULL runs every rule (mcp_rules_check),
 *                 an empty list none
 * @return 0 or MCP_ENOMEM
 */
MCP_EXPORT int mcp_rules_check_changed(const mcp_rules *r,
                                       const mcp_source *src, size_t doc,
                                       size_t first, const char *const *changed,
                                       size_t nchanged, mcp_diag *diag);

#endif
