/*
 * yaml_fast.c: the events of a spec written in the plain subset of YAML
 * (yaml_fast.h), read without libyaml. Whatever the reader does not
 * know for certain, it leaves: the caller then reads the text with
 * libyaml, from the start. tests/unit/test_yaml_fast.c holds the events
 * to libyaml's on every YAML file of the repository and on thousands of
 * variants of them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "front/yaml_fast.h"
#include "mcpc/mcpc.h"

/* Nesting the reader follows before it leaves the text to libyaml. */
#define FAST_DEPTH 64
/* libyaml's longest simple key is 1024 characters. */
#define FAST_KEY 1000

/* A growing text, for what a block scalar or an escaped string holds. */
typedef struct grow {
	char *p;
	size_t len, cap;
	int oom;
} grow;

static void put(grow *g, const char *s, size_t n)
{
	if (g->oom)
		return;
	if (g->len + n + 1 > g->cap) {
		size_t cap = g->cap ? 2 * g->cap : 256;
		char *p;
		while (cap < g->len + n + 1)
			cap *= 2;
		if (!(p = realloc(g->p, cap))) {
			g->oom = 1;
			return;
		}
		g->p = p;
		g->cap = cap;
	}
	memcpy(g->p + g->len, s, n);
	g->len += n;
}

typedef struct reader {
	const char *s;
	size_t len, pos;
	size_t bol; /* where the line starts */
	unsigned line;
	unsigned depth;
	yfast *out;
	grow alt; /* the last quoted scalar read with an escape, unescaped */
	int oom;
} reader;

/* The reader gives up: the text is left to libyaml. */
#define OUT 1

static unsigned col_of(const reader *r)
{
	return (unsigned)(r->pos - r->bol);
}

static int at(const reader *r, size_t k)
{
	return r->pos + k < r->len ? (unsigned char)r->s[r->pos + k] : -1;
}

/* A blank: what ends an indicator ('-', ':'): space, line feed, end. */
static int blank(int c)
{
	return c == ' ' || c == '\n' || c < 0;
}

/* An event; a scalar's @p n bytes of @p text copied into the events'
 * text. */
static int emit(reader *r, int type, int style, unsigned line, unsigned col,
                const char *text, size_t n)
{
	yfast *f = r->out;
	yfast_event *e;

	if (f->n == f->cap) {
		size_t cap = f->cap ? 2 * f->cap : 256;
		yfast_event *v = realloc(f->ev, cap * sizeof(*v));
		if (!v)
			return r->oom = MCP_ENOMEM;
		f->ev = v;
		f->cap = cap;
	}
	e = &f->ev[f->n++];
	e->type = (unsigned char)type;
	e->style = (unsigned char)style;
	e->line = line;
	e->col = col;
	e->endline = line;
	e->off = 0;
	e->len = 0;
	if (type == YAML_SCALAR_EVENT) {
		if (f->tlen + n + 1 > f->tcap) {
			size_t cap = f->tcap ? 2 * f->tcap : 4096;
			char *t;
			while (cap < f->tlen + n + 1)
				cap *= 2;
			if (!(t = realloc(f->text, cap)))
				return r->oom = MCP_ENOMEM;
			f->text = t;
			f->tcap = cap;
		}
		memcpy(f->text + f->tlen, text, n);
		f->text[f->tlen + n] = '\0';
		e->off = f->tlen;
		e->len = n;
		f->tlen += n + 1;
	}
	return 0;
}

/* Past spaces, comments and line feeds, to the next token or the end. */
static void skip_lines(reader *r)
{
	while (r->pos < r->len) {
		char c = r->s[r->pos];
		if (c == ' ') {
			r->pos++;
		} else if (c == '#') {
			while (r->pos < r->len && r->s[r->pos] != '\n')
				r->pos++;
		} else if (c == '\n') {
			r->pos++;
			r->line++;
			r->bol = r->pos;
		} else {
			break;
		}
	}
}

/* The rest of a line after a node: spaces, a comment after a space, the
 * line feed; then on to the next token. */
static int end_line(reader *r)
{
	while (at(r, 0) == ' ')
		r->pos++;
	if (at(r, 0) == '#') {
		if (r->s[r->pos - 1] != ' ')
			return OUT; /* '#' straight after a node */
		while (r->pos < r->len && r->s[r->pos] != '\n')
			r->pos++;
	}
	if (r->pos < r->len && r->s[r->pos] != '\n')
		return OUT;
	skip_lines(r);
	return 0;
}

/* What a byte is to a plain scalar: NOSTART, it cannot start one; STOP,
 * it may end one in block context (a line feed, ':', '#'); FLOW, it ends
 * one in flow context or leaves the text to libyaml (',', '?', '[', ']',
 * '{', '}', and ':'). Bytes past 0x7e never get here. */
enum { NOSTART = 1, STOP = 2, FLOW = 4 };
static const unsigned char kind[256] = {
    ['\n'] = NOSTART | STOP | FLOW,
    [' '] = NOSTART,
    ['?'] = NOSTART | FLOW,
    [':'] = NOSTART | STOP | FLOW,
    [','] = NOSTART | FLOW,
    ['['] = NOSTART | FLOW,
    [']'] = NOSTART | FLOW,
    ['{'] = NOSTART | FLOW,
    ['}'] = NOSTART | FLOW,
    ['#'] = NOSTART | STOP | FLOW,
    ['&'] = NOSTART,
    ['*'] = NOSTART,
    ['!'] = NOSTART,
    ['|'] = NOSTART,
    ['>'] = NOSTART,
    ['\''] = NOSTART,
    ['"'] = NOSTART,
    ['%'] = NOSTART,
    ['@'] = NOSTART,
    ['`'] = NOSTART,
};

/* Whether a plain scalar may start here (block context, or flow). */
static int plain_start(const reader *r, int flow)
{
	int c = at(r, 0);

	if (c < 0 || (kind[c] & NOSTART))
		return 0;
	if (c == '-')
		return !flow && !blank(at(r, 1));
	return 1;
}

/*
 * A plain scalar on this line, from r->pos: its text. It ends at
 * the line's end, before " #", before ':' and a blank, and in flow
 * context before a flow indicator. In flow context a ':' elsewhere, and
 * '?', are left to libyaml.
 */
static int plain(reader *r, int flow, const char **text, size_t *len)
{
	const unsigned char *s = (const unsigned char *)r->s;
	unsigned char stop = flow ? FLOW : STOP;
	size_t from = r->pos, p = r->pos, end;

	for (; p < r->len; p++) {
		unsigned char c = s[p];
		if (!(kind[c] & stop))
			continue;
		if (c == '\n')
			break;
		if (c == ':' &&
		    (p + 1 == r->len || s[p + 1] == ' ' || s[p + 1] == '\n'))
			break;
		if (c == '#') {
			if (s[p - 1] == ' ')
				break;
			continue;
		}
		if (flow) {
			if (c == ':' || c == '?') {
				r->pos = p;
				return OUT;
			}
			break; /* a flow indicator */
		}
	}
	r->pos = p;
	end = p;
	while (end > from && s[end - 1] == ' ')
		end--;
	*text = r->s + from;
	*len = end - from;
	return 0;
}

/* A quoted scalar on this line: its text, in the input, or unescaped in
 * r->alt (until the next quoted scalar). */
static int quoted(reader *r, const char **text, size_t *len)
{
	char q = r->s[r->pos];
	size_t from, piece;
	int escaped = 0;

	from = piece = ++r->pos;
	r->alt.len = 0;
	for (;;) {
		int c = at(r, 0);
		if (c < 0 || c == '\n')
			return OUT;
		if (c == q)
			break;
		if (c == '\\' && q == '"') {
			/* libyaml's escapes of one character */
			static const char from_[] = "\\\"/tnrbfave ";
			static const char to_[] = "\\\"/\t\n\r\b\f\a\v\x1b ";
			const char *k;
			int e = at(r, 1);
			if (e < 0 || !(k = strchr(from_, e)) || !*k)
				return OUT;
			put(&r->alt, r->s + piece, r->pos - piece);
			put(&r->alt, &to_[k - from_], 1);
			r->pos += 2;
			piece = r->pos;
			escaped = 1;
			continue;
		}
		r->pos++;
	}
	if (escaped) {
		put(&r->alt, r->s + piece, r->pos - piece);
		if (r->alt.oom)
			return r->oom = MCP_ENOMEM;
		*text = r->alt.p;
		*len = r->alt.len;
	} else {
		*text = r->s + from;
		*len = r->pos - from;
	}
	r->pos++;
	if (q == '\'' && at(r, 0) == '\'')
		return OUT; /* '' is an escaped quote */
	return 0;
}

/* A scalar starting here, plain or quoted: its text and style. */
static int scalar(reader *r, int flow, const char **text, size_t *len,
                  int *style)
{
	int c = at(r, 0);

	if (c == '"' || c == '\'') {
		*style = c == '"' ? YAML_DOUBLE_QUOTED_SCALAR_STYLE
		                  : YAML_SINGLE_QUOTED_SCALAR_STYLE;
		return quoted(r, text, len);
	}
	if (!plain_start(r, flow))
		return OUT;
	*style = YAML_PLAIN_SCALAR_STYLE;
	return plain(r, flow, text, len);
}

static int flow_node(reader *r);

/* A flow collection's item or value: a scalar or a collection. */
static int flow_item(reader *r)
{
	unsigned line = r->line, col = col_of(r);
	const char *text;
	size_t len;
	int style, c = at(r, 0);

	if (c == '[' || c == '{')
		return flow_node(r);
	if (scalar(r, 1, &text, &len, &style))
		return OUT;
	if (style == YAML_PLAIN_SCALAR_STYLE && !len)
		return OUT;
	return emit(r, YAML_SCALAR_EVENT, style, line, col, text, len);
}

static void spaces(reader *r)
{
	while (at(r, 0) == ' ')
		r->pos++;
}

/* A flow mapping or sequence, all on this line. */
static int flow_node(reader *r)
{
	int map = at(r, 0) == '{';
	char close = map ? '}' : ']';
	int rc;

	if (++r->depth > FAST_DEPTH)
		return OUT;
	if ((rc = emit(
	         r, map ? YAML_MAPPING_START_EVENT : YAML_SEQUENCE_START_EVENT,
	         0, r->line, col_of(r), NULL, 0)) != 0)
		return rc;
	r->pos++;
	spaces(r);
	if (at(r, 0) != close) {
		for (;;) {
			if ((rc = flow_item(r)) != 0)
				return rc;
			spaces(r);
			if (map) {
				if (at(r, 0) != ':' || at(r, 1) != ' ')
					return OUT;
				r->pos += 2;
				spaces(r);
				if ((rc = flow_item(r)) != 0)
					return rc;
				spaces(r);
			} else if (at(r, 0) == ':') {
				return OUT; /* a pair in a sequence */
			}
			if (at(r, 0) == close)
				break;
			if (at(r, 0) != ',')
				return OUT;
			r->pos++;
			spaces(r);
			if (at(r, 0) == close)
				return OUT; /* a trailing comma */
		}
	}
	r->pos++;
	r->depth--;
	return emit(r, map ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT,
	            0, r->line, col_of(r), NULL, 0);
}

static int block_node(reader *r, int parent);
static int block_sequence(reader *r, int indentless);
static int block_mapping(reader *r, unsigned col, unsigned line,
                         const char *text, size_t len, int style);

/* Whether a '-' entry starts here. */
static int entry_here(const reader *r)
{
	return at(r, 0) == '-' && blank(at(r, 1));
}

/* Whether a document marker ("---", "...") starts this line here. */
static int marker_here(const reader *r)
{
	return r->pos == r->bol && r->pos + 3 <= r->len &&
	       (memcmp(r->s + r->pos, "---", 3) == 0 ||
	        memcmp(r->s + r->pos, "...", 3) == 0) &&
	       blank(at(r, 3));
}

/* The empty lines (and indentation) before a block scalar's next line, as
 * libyaml scans them: the spaces up to @p indent (all of them while the
 * indentation is not known: 0), each line feed counted in @p breaks; the
 * line of the end mark into @p endline; @p most, the deepest column a
 * line reached. */
static void block_breaks(reader *r, unsigned indent, size_t *breaks,
                         unsigned *endline, unsigned *most)
{
	*endline = r->line;
	for (;;) {
		while ((!indent || col_of(r) < indent) && at(r, 0) == ' ')
			r->pos++;
		if (col_of(r) > *most)
			*most = col_of(r);
		if (at(r, 0) != '\n')
			return;
		r->pos++;
		r->line++;
		r->bol = r->pos;
		(*breaks)++;
		*endline = r->line;
	}
}

/*
 * A literal or folded block scalar (its indicator here) below a
 * collection whose indentation is @p parent (libyaml's parser->indent),
 * read as libyaml's scanner reads one (yaml_parser_scan_block_scalar):
 * the indentation from the first line that is not empty, lines folded
 * into one unless more indented or apart, the last line feeds chomped.
 */
static int block_scalar(reader *r, unsigned parent)
{
	unsigned line = r->line, col = col_of(r), endline, most = 0, indent;
	int literal = at(r, 0) == '|', chomp = 0, rc;
	int leading_break = 0, leading_blank = 0;
	size_t breaks = 0, k;
	grow g = {NULL, 0, 0, 0};

	r->pos++;
	if (at(r, 0) == '+' || at(r, 0) == '-') {
		chomp = at(r, 0) == '+' ? 1 : -1;
		r->pos++;
	}
	if (at(r, 0) >= '0' && at(r, 0) <= '9')
		return OUT; /* an indentation indicator */
	while (at(r, 0) == ' ')
		r->pos++;
	if (at(r, 0) == '#') {
		if (r->s[r->pos - 1] != ' ')
			return OUT;
		while (r->pos < r->len && r->s[r->pos] != '\n')
			r->pos++;
	}
	if (r->pos < r->len && r->s[r->pos] != '\n')
		return OUT;
	if (r->pos < r->len) {
		r->pos++;
		r->line++;
		r->bol = r->pos;
	}
	block_breaks(r, 0, &breaks, &endline, &most);
	indent = most > parent + 1 ? most : parent + 1;
	while (col_of(r) == indent && r->pos < r->len) {
		int trailing_blank = at(r, 0) == ' ';
		size_t from;
		if (!literal && leading_break && !leading_blank &&
		    !trailing_blank) {
			if (!breaks)
				put(&g, " ", 1);
		} else if (leading_break) {
			put(&g, "\n", 1);
		}
		leading_break = 0;
		for (k = 0; k < breaks; k++)
			put(&g, "\n", 1);
		breaks = 0;
		leading_blank = at(r, 0) == ' ';
		from = r->pos;
		while (r->pos < r->len && r->s[r->pos] != '\n')
			r->pos++;
		put(&g, r->s + from, r->pos - from);
		if (r->pos < r->len) {
			r->pos++;
			r->line++;
			r->bol = r->pos;
			leading_break = 1;
		}
		block_breaks(r, indent, &breaks, &endline, &most);
	}
	if (chomp != -1 && leading_break)
		put(&g, "\n", 1);
	for (k = 0; chomp == 1 && k < breaks; k++)
		put(&g, "\n", 1);
	put(&g, "", 0); /* a text for an empty scalar too */
	if (g.oom) {
		free(g.p);
		return r->oom = MCP_ENOMEM;
	}
	rc =
	    emit(r, YAML_SCALAR_EVENT,
	         literal ? YAML_LITERAL_SCALAR_STYLE : YAML_FOLDED_SCALAR_STYLE,
	         line, col, g.p, g.len);
	if (rc == 0)
		r->out->ev[r->out->n - 1].endline = endline;
	free(g.p);
	if (rc)
		return rc;
	skip_lines(r);
	return 0;
}

/*
 * The value of a mapping's key (at column @p col), from just after its
 * ':': on the same line, a scalar or a flow collection; else the block
 * node below, or a sequence at the key's own column.
 */
static int value(reader *r, unsigned col)
{
	unsigned line, vcol;
	const char *text;
	size_t len;
	int style, c, rc;

	spaces(r);
	c = at(r, 0);
	if (c < 0 || c == '\n' || c == '#') {
		skip_lines(r);
		if (r->pos >= r->len || marker_here(r))
			return OUT; /* an empty value */
		if (col_of(r) > col)
			return block_node(r, (int)col);
		if (col_of(r) == col && entry_here(r))
			return block_sequence(r, 1);
		return OUT; /* an empty value */
	}
	line = r->line;
	vcol = col_of(r);
	if (c == '|' || c == '>')
		return block_scalar(r, col);
	if (c == '[' || c == '{') {
		if ((rc = flow_node(r)) != 0)
			return rc;
		return end_line(r);
	}
	if (scalar(r, 0, &text, &len, &style))
		return OUT;
	if (at(r, 0) == ':')
		return OUT; /* a mapping on the key's line */
	if ((rc = emit(r, YAML_SCALAR_EVENT, style, line, vcol, text, len)) !=
	    0)
		return rc;
	return end_line(r);
}

/* A key at r->pos (its column is the mapping's): its text, up to ':'. */
static int key(reader *r, const char **text, size_t *len, int *style)
{
	unsigned line = r->line;

	if (scalar(r, 0, text, len, style))
		return OUT;
	spaces(r);
	if (r->line != line || at(r, 0) != ':' || !blank(at(r, 1)) ||
	    *len > FAST_KEY || (*style == YAML_PLAIN_SCALAR_STYLE && !*len))
		return OUT;
	r->pos++;
	return 0;
}

/* A block mapping at column @p col whose first key, at @p line, has been
 * read (its text [text, len), its style). */
static int block_mapping(reader *r, unsigned col, unsigned line,
                         const char *text, size_t len, int style)
{
	int rc;

	if (++r->depth > FAST_DEPTH)
		return OUT;
	if ((rc = emit(r, YAML_MAPPING_START_EVENT, 0, line, col, NULL, 0)) !=
	    0)
		return rc;
	for (;;) {
		if ((rc = emit(r, YAML_SCALAR_EVENT, style, line, col, text,
		               len)) != 0 ||
		    (rc = value(r, col)) != 0)
			return rc;
		if (r->pos >= r->len || col_of(r) < col)
			break;
		if (col_of(r) > col || marker_here(r) || entry_here(r))
			return OUT;
		line = r->line;
		if (key(r, &text, &len, &style))
			return OUT;
	}
	r->depth--;
	return emit(r, YAML_MAPPING_END_EVENT, 0, r->line, col_of(r), NULL, 0);
}

/* A block sequence whose first '-' is here; @p indentless when it stands
 * at the column of the mapping key it is the value of. */
static int block_sequence(reader *r, int indentless)
{
	unsigned col = col_of(r);
	int rc;

	if (++r->depth > FAST_DEPTH)
		return OUT;
	if ((rc = emit(r, YAML_SEQUENCE_START_EVENT, 0, r->line, col, NULL,
	               0)) != 0)
		return rc;
	for (;;) {
		unsigned line, icol;
		const char *text;
		size_t len;
		int style, c;
		r->pos++; /* the '-' */
		if (at(r, 0) != ' ')
			return OUT; /* the item on a line of its own */
		spaces(r);
		c = at(r, 0);
		line = r->line;
		icol = col_of(r);
		if (c < 0 || c == '\n' || c == '#' || entry_here(r))
			return OUT;
		if (c == '|' || c == '>') {
			if ((rc = block_scalar(r, col)) != 0)
				return rc;
		} else if (c == '[' || c == '{') {
			if ((rc = flow_node(r)) != 0 || (rc = end_line(r)) != 0)
				return rc;
		} else {
			if (scalar(r, 0, &text, &len, &style))
				return OUT;
			spaces(r);
			if (at(r, 0) == ':' && blank(at(r, 1))) {
				/* a mapping that starts on the '-' line */
				if (len > FAST_KEY ||
				    (style == YAML_PLAIN_SCALAR_STYLE && !len))
					return OUT;
				r->pos++;
				rc = block_mapping(r, icol, line, text, len,
				                   style);
				if (rc)
					return rc;
			} else if ((rc = emit(r, YAML_SCALAR_EVENT, style, line,
			                      icol, text, len)) != 0 ||
			           (rc = end_line(r)) != 0) {
				return rc;
			}
		}
		if (r->pos >= r->len || col_of(r) < col)
			break;
		if (col_of(r) > col || marker_here(r))
			return OUT;
		if (!entry_here(r)) {
			if (indentless)
				break; /* the mapping's next key */
			return OUT;
		}
	}
	r->depth--;
	return emit(r, YAML_SEQUENCE_END_EVENT, 0, r->line, col_of(r), NULL, 0);
}

/* The block node at r->pos, below a mapping at column @p parent (-1: the
 * root). */
static int block_node(reader *r, int parent)
{
	unsigned line = r->line, col = col_of(r);
	const char *text;
	size_t len;
	int style, c = at(r, 0), rc;

	if (entry_here(r))
		return block_sequence(r, 0);
	if (c == '[' || c == '{') {
		if (parent < 0)
			return OUT;
		if ((rc = flow_node(r)) != 0)
			return rc;
		return end_line(r);
	}
	if (scalar(r, 0, &text, &len, &style))
		return OUT;
	spaces(r);
	if (at(r, 0) == ':' && blank(at(r, 1))) {
		if (len > FAST_KEY ||
		    (style == YAML_PLAIN_SCALAR_STYLE && !len))
			return OUT;
		r->pos++;
		return block_mapping(r, col, line, text, len, style);
	}
	if (parent < 0)
		return OUT; /* a scalar document */
	if ((rc = emit(r, YAML_SCALAR_EVENT, style, line, col, text, len)) != 0)
		return rc;
	return end_line(r);
}

/* Whether @p s holds only printable ASCII and line feeds: no tab, no
 * carriage return, no character wider than a byte (libyaml counts columns
 * in characters). Eight bytes at a time: a word with no byte below 0x20,
 * none at 0x7f and none past it passes whole. */
static int printable(const char *s, size_t len)
{
	const uint64_t ones = 0x0101010101010101ULL,
	               high = 0x8080808080808080ULL;
	size_t i = 0, k;

	for (; i + 8 <= len; i += 8) {
		uint64_t w, del;
		memcpy(&w, s + i, 8);
		del = w ^ (0x7f * ones);
		if (!((((w - 0x20 * ones) & ~w) | ((del - ones) & ~del) | w) &
		      high))
			continue;
		for (k = i; k < i + 8; k++)
			if ((s[k] < 0x20 || s[k] > 0x7e) && s[k] != '\n')
				return 0;
	}
	for (; i < len; i++)
		if ((s[i] < 0x20 || s[i] > 0x7e) && s[i] != '\n')
			return 0;
	return 1;
}

int mcp_yaml_fast(const char *s, size_t len, yfast *out)
{
	reader r;
	int rc;

	if (!printable(s, len))
		return OUT;
	memset(&r, 0, sizeof(r));
	r.s = s;
	r.len = len;
	r.out = out;
	out->n = 0;
	out->tlen = 0;
	skip_lines(&r);
	if (marker_here(&r)) {
		if (s[r.pos] == '.')
			return OUT;
		r.pos += 3;
		if ((rc = end_line(&r)) != 0)
			return rc;
	}
	if (r.pos >= len || marker_here(&r) || col_of(&r) != 0)
		return OUT;
	if ((rc = emit(&r, YAML_DOCUMENT_START_EVENT, 0, 0, 0, NULL, 0)) == 0 &&
	    (rc = block_node(&r, -1)) == 0)
		rc = r.pos < len ? OUT /* more than one node, or a second
		                          document */
		                 : emit(&r, YAML_DOCUMENT_END_EVENT, 0, r.line,
		                        col_of(&r), NULL, 0);
	free(r.alt.p);
	return r.oom ? r.oom : rc;
}

void mcp_yaml_fast_free(yfast *f)
{
	free(f->ev);
	free(f->text);
	memset(f, 0, sizeof(*f));
}
