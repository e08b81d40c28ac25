/*
 * yaml_fast.h: a reader for the plain subset of YAML that specs are
 * written in, giving the events libyaml would give for it, byte for byte
 * and mark for mark; anything outside the subset is left to libyaml.
 */
#ifndef MCPC_FRONT_YAML_FAST_H
#define MCPC_FRONT_YAML_FAST_H

#include <stddef.h>

/* One event: type and style are libyaml's (yaml_event_type_t,
 * yaml_scalar_style_t); line and col are where it starts, endline the
 * line of its end mark, 0-based as libyaml's marks; a scalar's text is at
 * text + off, len bytes, NUL-terminated. */
typedef struct yfast_event {
	unsigned char type, style;
	unsigned line, col, endline;
	size_t off, len;
} yfast_event;

typedef struct yfast {
	yfast_event *ev;
	size_t n, cap;
	char *text; /* the scalars, one after another */
	size_t tlen, tcap;
} yfast;

/*
 * Read @p s (@p len bytes) into @p out: DOCUMENT_START, the nodes,
 * DOCUMENT_END. The subset: printable ASCII and line feeds only; one
 * document (an optional "---" first) whose root is a block mapping or
 * sequence; block mappings with a key and a value on each line, the
 * value on the key's line or a block node below it (a sequence may stand
 * at the key's indentation); block sequences with an item on each '-'
 * line (a scalar, a flow collection, or a mapping starting there); plain
 * scalars on one line, quoted ones with no escape; literal and folded
 * block scalars (| and >, with or without a chomping indicator) as a
 * value or an item; flow collections on one line; comments. No empty
 * value, anchor, alias, tag, indentation indicator, multi-line flow or
 * quoted scalar, explicit key, directive or second document.
 *
 * @return 0 when the text is in the subset; 1 when it is not (or libyaml
 * would reject it), and @p out holds nothing of use; MCP_ENOMEM
 */
int mcp_yaml_fast(const char *s, size_t len, yfast *out);

void mcp_yaml_fast_free(yfast *f);

#endif
