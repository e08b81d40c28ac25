/*
 * sha256.h: SHA-256 (FIPS 180-4), for the one digest mcpc must share with
 * another tool: the pods' mcpc.io/config-hash, which the Helm chart
 * computes with sprig's sha256sum.
 */
#ifndef MCPC_SUPPORT_SHA256_H
#define MCPC_SUPPORT_SHA256_H

#include <stddef.h>

/* The digest of @p len bytes at @p data as 64 lower-case hex digits and a
 * NUL in @p hex. */
void mcp_sha256_hex(const void *data, size_t len, char hex[65]);

#endif
