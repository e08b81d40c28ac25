/*
 * diag.h: findings and the list that collects them. Every stage reports what
 * it finds here; renderers (render.h) turn the list into text, JSON, ...
 */
#ifndef MCPC_DIAG_H
#define MCPC_DIAG_H

#include <stddef.h>

#include "mcpc/export.h"

typedef enum mcp_severity {
	MCP_SEV_INFO = 0,
	MCP_SEV_WARNING = 1,
	MCP_SEV_ERROR = 2
} mcp_severity;

/* A place in a source file. line and column count from 1; 0 means unknown.
 * Columns count Unicode code points, not bytes. */
typedef struct mcp_loc {
	const char *file; /* owned by the diagnostics list (interned) */
	unsigned line;
	unsigned column;
} mcp_loc;

typedef struct mcp_finding {
	const char *rule; /* rule id, e.g. "MCP-YAML-002" (interned) */
	mcp_severity severity;
	char *message;
	mcp_loc loc;
	char *pointer;         /* JSON Pointer of the node, or NULL */
	char *hint;            /* a fix hint, or NULL */
	mcp_loc related;       /* a second place (line 0 when none) */
	char *related_message; /* what the second place is, or NULL */
	int fatal;             /* the input could not be used (exit status 2) */
	char *waiver; /* waived: the waiver's reason and expiry, else NULL */
	size_t seq;   /* order of arrival, to keep sorting stable */
} mcp_finding;

typedef struct mcp_diag mcp_diag;

/** Create an empty list. @return 0 or MCP_ENOMEM */
MCP_EXPORT int mcp_diag_new(mcp_diag **out);

/** Free the list, its findings and the sources it holds. NULL is fine. */
MCP_EXPORT void mcp_diag_free(mcp_diag *d);

/**
 * Intern a file name, so that locations may point at it for the life of the
 * list.
 *
 * @return the interned copy, or NULL when out of memory
 */
MCP_EXPORT const char *mcp_diag_intern(mcp_diag *d, const char *file);

/**
 * Add a finding. The message is printf-style; @p loc, @p pointer and @p hint
 * may be NULL. Strings are copied.
 *
 * @return the new finding (to set related/fatal), or NULL when out of memory
 */
MCP_EXPORT mcp_finding *mcp_diag_add(mcp_diag *d, const char *rule,
                                     mcp_severity sev, const mcp_loc *loc,
                                     const char *pointer, const char *hint,
                                     const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/**
 * Attach a second place to a finding ("first defined here").
 *
 * @return 0 or MCP_ENOMEM
 */
MCP_EXPORT int mcp_finding_set_related(mcp_finding *f, const mcp_loc *loc,
                                       const char *message);

/**
 * A second pass over the same input (an environment overlay, say) added the
 * findings from index @p mark on. Drop those that repeat one from
 * @p first on (same rule, severity and place: the same problem, though the
 * message may word it for the merged document), and put @p prefix
 * (may be NULL) before the message of the others.
 *
 * @return 0 or MCP_ENOMEM (the pass's findings after the failure are lost)
 */
MCP_EXPORT int mcp_diag_merge_pass(mcp_diag *d, size_t first, size_t mark,
                                   const char *prefix);

/**
 * Copy every finding of @p src to the end of @p dst, and the source texts
 * @p dst does not hold yet.
 *
 * @return 0 or MCP_ENOMEM
 */
MCP_EXPORT int mcp_diag_copy(mcp_diag *dst, const mcp_diag *src);

/**
 * Move every finding of @p src to the end of @p dst, in order (their
 * names interned in @p dst, their order of arrival continuing dst's),
 * and, when @p sources is nonzero, the source texts it holds for quoting.
 * @p src is left empty, ready for more.
 *
 * @return 0 or MCP_ENOMEM (what was not moved stays in @p src)
 */
MCP_EXPORT int mcp_diag_append(mcp_diag *dst, mcp_diag *src, int sources);

/**
 * Name every file below folder @p top (absolute, no trailing '/') from
 * there: each finding's places, the source texts kept for quoting, and
 * the text of messages, hints and notes, where "TOP/" is dropped. lint
 * reports paths from the top of the work tree, so that code scanning
 * maps them, whatever named the file absolutely (the project file found
 * above the current folder, a waivers file or pack folder it names, a
 * flag's path).
 *
 * @return 0 or MCP_ENOMEM
 */
MCP_EXPORT int mcp_diag_relative(mcp_diag *d, const char *top);

/**
 * Remember a credential found by its name (a value with no telling shape,
 * `hunter2`), so that redaction masks it wherever a report would repeat it
 * (a schema message, a quoted line). The list keeps a copy; renderers
 * never print it. mcp_diag_append and mcp_diag_copy carry it along. A
 * value shorter than 4 bytes is not remembered: masking "0" or "yes"
 * everywhere would garble every report (its finding never prints it).
 *
 * @return 0 or MCP_ENOMEM
 */
MCP_EXPORT int mcp_diag_add_secret(mcp_diag *d, const char *text, size_t len);

/**
 * Remember every credential @p src remembers in @p dst too, and nothing
 * else of @p src: for a program that writes a list's findings elsewhere
 * (lint's spill) and must still mask them in what it reports later.
 *
 * @return 0 or MCP_ENOMEM
 */
MCP_EXPORT int mcp_diag_add_secrets(mcp_diag *dst, const mcp_diag *src);

/**
 * Overwrite with '*' each credential @p d remembers where it stands in
 * @p s (@p len bytes) as a whole word: not inside a longer word of
 * letters, digits and '_'. @return the spans masked
 */
MCP_EXPORT size_t mcp_diag_mask_remembered(const mcp_diag *d, char *s,
                                           size_t len);

/** Number of findings. */
MCP_EXPORT size_t mcp_diag_count(const mcp_diag *d);

/** The i-th finding (borrowed), in sorted order once mcp_diag_sort ran. */
MCP_EXPORT const mcp_finding *mcp_diag_get(const mcp_diag *d, size_t i);

/** Number of findings of exactly severity @p sev. */
MCP_EXPORT size_t mcp_diag_count_severity(const mcp_diag *d, mcp_severity sev);

/** Number of fatal findings (input that could not be used). */
MCP_EXPORT size_t mcp_diag_count_fatal(const mcp_diag *d);

/** Findings that a waiver covers (reported, but not counted as their
 * severity, and never failing the run). */
MCP_EXPORT size_t mcp_diag_count_waived(const mcp_diag *d);

/** Mark finding @p i waived, with the waiver's text. @return 0 or
 * MCP_ENOMEM */
MCP_EXPORT int mcp_diag_waive(mcp_diag *d, size_t i, const char *why);

/**
 * Sort by file, line, column, then order of arrival: the order every
 * renderer prints in, so output is byte-stable.
 */
MCP_EXPORT void mcp_diag_sort(mcp_diag *d);

/**
 * Remember a file's text, so that renderers can quote the source line.
 * The text is copied.
 *
 * @return 0 or MCP_ENOMEM
 */
MCP_EXPORT int mcp_diag_add_source(mcp_diag *d, const char *file,
                                   const char *text, size_t len);

/**
 * Like mcp_diag_add_source, without a copy: the list takes @p block (a
 * malloc'd buffer, freed with the list, even on failure) whose bytes
 * @p text .. @p text + @p len are the file's text.
 *
 * @return 0 or MCP_ENOMEM
 */
MCP_EXPORT int mcp_diag_adopt_source(mcp_diag *d, const char *file, char *block,
                                     const char *text, size_t len);

/**
 * The text of line @p line (1-based) of a remembered file, without its end
 * of line.
 *
 * @return the start of the line (not NUL-terminated) or NULL when unknown
 */
MCP_EXPORT const char *mcp_diag_source_line(const mcp_diag *d, const char *file,
                                            unsigned line, size_t *len);

/** Parse "error", "warning" or "info". @return 0 or MCP_ERROR */
MCP_EXPORT int mcp_severity_parse(mcp_severity *out, const char *name);

/** "error", "warning" or "info". */
MCP_EXPORT const char *mcp_severity_name(mcp_severity sev);

#endif
