/*
 * secrets.h: secret material by its shape, and keeping it out of every
 * report. A finding never echoes a credential: its message, hint and
 * related note are masked, and the text report does not quote the line
 * of a finding about a secret.
 */
#ifndef MCPC_SECRETS_H
#define MCPC_SECRETS_H

#include <stddef.h>

#include "mcpc/diag.h"

/* The shapes, as a PCRE2 pattern: a private key block, an AWS access key
 * id, an Azure storage account key, a GitHub or Slack token, a JSON Web
 * Token, a URL with user:password@. Rule MCP-SEC-002 of the bundled pack
 * looks for the same (a unit test holds the two together). */
#define MCP_SECRET_PATTERN                                                     \
	"-----BEGIN [A-Z ]*PRIVATE KEY-----|\\bA(KIA|SIA)[0-9A-Z]{16}\\b|"     \
	"AccountKey=[A-Za-z0-9+/]{40,}={0,2}|\\bgh[pousr]_[A-Za-z0-9]{36,}"    \
	"\\b|\\bxox[abposr]-[A-Za-z0-9-]{10,}|\\beyJ[A-Za-z0-9_-]{8,}\\.[A-"   \
	"Za-"                                                                  \
	"z0-9_-]{8,}\\.|[a-z][a-z0-9+.-]*://[^/@\\s:]+:[^/@\\s]+@"

/**
 * Overwrite each secret-shaped span of @p s (@p len bytes) with '*',
 * keeping its length (and so every column). @return the spans masked
 */
size_t mcp_secret_mask(char *s, size_t len);

/** Whether a finding is about a secret (rule MCP-SEC-*): its line is
 * never quoted. */
int mcp_finding_is_secret(const mcp_finding *f);

/**
 * Mask secret-shaped spans in every finding's message, hint and related
 * message.
 *
 * @return the spans masked
 */
size_t mcp_diag_redact(mcp_diag *d);

#endif
