/*
 * secrets.h: secret material by its shape or by its name, and keeping it
 * out of every report. One table of shapes serves both the rule that looks
 * for secrets (MCP-SEC-002) and the masking of reports, so the two cannot
 * disagree: a finding never echoes a credential (its message, hint,
 * related note and pointer are masked) and the text report does not quote
 * the line of a finding about a secret.
 */
#ifndef MCPC_SECRETS_H
#define MCPC_SECRETS_H

#include <jansson.h>
#include <stddef.h>

#include "mcpc/export.h"
#include "mcpc/diag.h"

/** A secret-shaped span of a text: what it is and where. */
typedef struct mcp_secret_span {
	const char *kind; /* "an AWS access key id", "a URL with a password" */
	size_t from, to;  /* the bytes [from, to) are the secret */
} mcp_secret_span;

/**
 * Find a secret-shaped span in @p s (@p len bytes, any bytes).
 *
 * A text that could not be scanned (out of memory, a pattern's match
 * limit) counts as one secret spanning all of it: the caller fails closed.
 *
 * @return 1 and @p out filled, or 0 when the text holds none
 */
MCP_EXPORT int mcp_secret_find(const char *s, size_t len, mcp_secret_span *out);

/**
 * Overwrite each secret-shaped span of @p s (@p len bytes) with '*',
 * keeping its length (and so every column); all of @p s when it could not
 * be scanned. @return the spans masked
 */
MCP_EXPORT size_t mcp_secret_mask(char *s, size_t len);

/**
 * The shapes, for documentation and tests: the @p i th shape's kind and an
 * example of it. @return 0, or MCP_ENOTFOUND past the last
 */
MCP_EXPORT int mcp_secret_shape(size_t i, const char **kind,
                                const char **example);

/**
 * Whether a mapping key names a credential: its last word (words split at
 * '_', '-', '.', '/', spaces, digits and camelCase humps, any case) ends
 * in password, passwd, pwd, passphrase, secret, token, credential(s), or
 * is "key" after api, private, access, secret, client, auth, signing,
 * encryption, master or account (DB_PASSWORD, apiKey, client-secret,
 * x.api.key). Not: tokenizer, passwordPolicy, secretName, max_tokens, nor
 * a path (/etc/passwd).
 */
MCP_EXPORT int mcp_secret_name(const char *key, size_t len);

/**
 * Whether a string value stands for a secret kept elsewhere rather than
 * holding one: empty, a whole ${VAR} or ${env:VAR} (no default), $(VAR),
 * {{ template }}, <placeholder>, or only '*'s.
 */
MCP_EXPORT int mcp_secret_is_reference(const char *s, size_t len);

/**
 * Remember in @p d (mcp_diag_add_secret) every credential of @p doc that
 * rule MCP-SEC-001 would report, without reporting: for commands that do
 * not run the rules (report, validate) and still print findings.
 *
 * @return 0 or MCP_ENOMEM
 */
MCP_EXPORT int mcp_secrets_remember(mcp_diag *d, json_t *doc);

/**
 * Like mcp_secrets_remember, only for the nodes at and below the JSON
 * Pointers @p changed (@p nchanged of them; a pointer that leads nowhere
 * is passed over): for a document that differs from one already
 * remembered only there, such as an environment's merged spec (the
 * pointers of mcp_rules_check_changed). NULL, or a pointer that is not
 * one (the root), means the whole document.
 *
 * @return 0 or MCP_ENOMEM
 */
MCP_EXPORT int mcp_secrets_remember_at(mcp_diag *d, json_t *doc,
                                       const char *const *changed,
                                       size_t nchanged);

/** Whether a finding is about a secret (rule MCP-SEC-*): its line is
 * never quoted. */
MCP_EXPORT int mcp_finding_is_secret(const mcp_finding *f);

/**
 * Mask, in @p s (@p len bytes), what mcp_secret_mask masks and each
 * credential @p d remembers (mcp_diag_add_secret) where it stands as a
 * whole token (not inside a longer word). @return the spans masked
 */
MCP_EXPORT size_t mcp_diag_mask(const mcp_diag *d, char *s, size_t len);

/**
 * Mask secret-shaped spans and remembered credentials in every finding's
 * message, hint, related message, waiver and pointer.
 *
 * @return the spans masked
 */
MCP_EXPORT size_t mcp_diag_redact(mcp_diag *d);

#endif
