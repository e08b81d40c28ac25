/*
 * schema_valid.h: what the validator (schema_validate.c) and the error
 * reporting (schema_errors.c) share.
 */
#ifndef MCPC_CHECK_SCHEMA_VALID_H
#define MCPC_CHECK_SCHEMA_VALID_H

#include "check/schema/schema_int.h"

struct evald; /* annotations: what was evaluated (schema_validate.c) */

/* One validation error (verbose mode). */
typedef struct verr {
	char *ipath; /* instance JSON Pointer */
	char *kloc;  /* absolute keyword location */
	char *msg;
	char *hint;
	const char *rule;
	int at_key;     /* the place is the key of ipath, not its value */
	unsigned types; /* type errors: the types expected */
} verr;

typedef struct vctx {
	const mcp_schema *s;
	int verbose;
	pcre2_match_data *md;
	const resource **scope; /* the dynamic scope, outermost first */
	size_t nscope, scap;
	unsigned depth;
	int too_deep;
	const char *via_key; /* the key a child is validated under, if any */
	size_t via_key_len;
	mcp_buf path; /* the instance pointer being validated (verbose) */
	verr *errs;
	size_t nerr, cap;
	int oom;
	/* the validity memo (schema_memo.h): NULL when off; whether this
	 * walk records into it or answers from it */
	struct mcp_schema_memo *memo;
	int memo_record, memo_use;
} vctx;

/* Where each branch of an anyOf/oneOf left its errors. */
typedef struct branch {
	size_t from, to;
	int ok;
} branch;

/* A short description of a value for messages, without allocation. */
typedef struct desc {
	char s[272]; /* 40 bytes of a string, each escaped at worst as \u00XX */
} desc;

int vctx_init(vctx *c, const mcp_schema *s, int verbose);
void vctx_free(vctx *c);
void verr_free(verr *e);
int vnode(vctx *c, const snode *n, const json_t *v, struct evald *ev);
/* Whether regex @p re matches @p s (of @p len bytes). */
int vmatch(vctx *c, const pcre2_code *re, const char *s, size_t len);

/* schema_errors.c */
desc describe(const json_t *v);
desc describe_number(const json_t *v);
void type_error(vctx *c, const snode *n, const json_t *v, unsigned types);
void enum_error(vctx *c, const snode *n, const json_t *v);
void const_error(vctx *c, const snode *n, const json_t *v);
void pattern_error(vctx *c, const snode *n, const json_t *v);
void unknown_property(vctx *c, const snode *n, const char *kw, const char *k,
                      size_t klen);
void mark_key_errors(vctx *c, size_t from);
void combine_errors(vctx *c, const snode *n, const json_t *v, const char *kw,
                    branch *b, size_t count, size_t base, size_t valid,
                    size_t first);
/* "required" and "dependentRequired"; @p met: the object is known to hold
 * every "required" name (the validator counted them), so only the
 * dependencies are looked at. */
int v_required(vctx *c, const snode *n, const json_t *v, int met);
int v_object_counts(vctx *c, const snode *n, const json_t *v);

/* "1 item", "2 items": @p word with an s unless @p n is 1. */
const char *plural(size_t n, const char *word, char *buf, size_t size);

/* Shared with schema_validate.c's helpers. */
verr *vctx_add_err(vctx *c, const snode *n, const char *kw, const char *rule);
void vctx_err_msg(vctx *c, verr *e, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void vctx_truncate(vctx *c, size_t from);
size_t vctx_path_push_key(vctx *c, const char *k, size_t len);
void vctx_path_pop(vctx *c, size_t old);

#endif
