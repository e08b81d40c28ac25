/*
 * spill.c: lint's findings kept out of memory (spill.h). Every finding of
 * a spec is one record: its key (file, line, column, and the place in the
 * order of arrival that the run's list would have given it), its texts,
 * and for a text report the lines it quotes. A spec's findings about its
 * own file go to one stream, in order: the specs come sorted by path and
 * each one's findings are sorted before they go. Findings about other
 * files (a dependency manifest several specs name) are sorted in memory
 * up to a limit and written out as sorted runs. The report reads the
 * stream, the runs and the run's own list together, merged in the order
 * mcp_diag_sort gives, one file at a time: the same report, byte for
 * byte, as from one sorted list.
 *
 * The records go to a temporary file (unlinked when made, in TMPDIR or
 * /tmp); when none can be made they stay in memory, as the findings did
 * before.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/spill.h"
#include "emit/render_stream.h"
#include "mcpc/secrets.h"

/* Records of the own stream kept in memory before they go to the file,
 * and records of other files sorted in memory before a run is written.
 * MCPC_SPILL_LIMIT (bytes) sets both, for tests: 1 writes every spec's
 * records out at once, and makes each spec's other files a run. */
#define OWN_LIMIT ((size_t)1 << 20)
#define RUN_LIMIT ((size_t)4 << 20)

/* The strings of a record, in order. */
enum {
	S_RULE,
	S_FILE,
	S_POINTER,
	S_HINT,
	S_MESSAGE,
	S_RFILE,
	S_RMESSAGE,
	S_WAIVER,
	S_LINE,
	S_RLINE,
	NSTR
};

/* A record's flags. */
#define R_LATER                                                                \
	1 /* the quoted line is the run list's, looked up when written */
#define R_RLATER 2 /* the same for the related place */
#define R_MASKED 4 /* redacted already (the run's own list) */
#define R_FATAL  8

/* A record's fixed part, after its size (u32): seq (u64), then line,
 * column, related line, related column, severity, flags (u32 each). */
#define HEAD 32

/* Records: in memory, then in a file. */
typedef struct store {
	mcp_buf mem;
	uint64_t size; /* bytes in the file */
} store;

/* One run of records of other files, sorted: in the file (start, end). */
typedef struct span {
	uint64_t start, end;
} span;

struct cli_spill {
	int fd;      /* the temporary file; -1: none (yet) */
	int nowrite; /* it took no more: the rest stays in memory */
	uint64_t fsize;
	int quote, verbose;
	size_t own_limit, run_limit;
	size_t mark;  /* findings of the run's list before the specs' */
	uint64_t seq; /* the findings spilled so far */
	store own;    /* own-file records, in order (in the file: own_spans) */
	span *own_spans;
	size_t nown_spans;
	mcp_buf other; /* other files' records, not sorted yet */
	size_t *offs;  /* where each starts in other */
	size_t noffs, capoffs;
	span *runs; /* other files' runs written out */
	size_t nruns;
	size_t fatal; /* counts for the exit status */
	int worst;    /* the highest severity not waived, -1: none */
	int oom;
};

/* ---- writing records ---- */

static void put_u32(mcp_buf *b, uint32_t v)
{
	mcp_buf_put(b, &v, sizeof(v));
}

static void put_str(mcp_buf *b, const char *s, size_t n)
{
	if (!s) {
		put_u32(b, UINT32_MAX);
		return;
	}
	put_u32(b, (uint32_t)n);
	mcp_buf_put(b, s, n);
	mcp_buf_putc(b, '\0');
}

static void put_cstr(mcp_buf *b, const char *s)
{
	put_str(b, s, s ? strlen(s) : 0);
}

/* The line @p loc stands on, from @p from (the spec's list); *later when
 * @p from does not hold the file (the run's list will). */
static void put_line(mcp_buf *b, const mcp_diag *from, const mcp_loc *loc,
                     int *later)
{
	const char *line = NULL;
	size_t len = 0;

	*later = 0;
	if (loc->file && loc->line && loc->column) {
		line = mcp_diag_source_line(from, loc->file, loc->line, &len);
		*later =
		    !line && !mcp_diag_source_line(from, loc->file, 1, &len);
	}
	put_str(b, line, len);
}

/* Append the record of @p f (the run's @p seq-th) to @p b. */
static void put_record(mcp_buf *b, const mcp_finding *f, uint64_t seq,
                       const mcp_diag *from, int quote, int verbose,
                       unsigned flags)
{
	size_t at = b->len;
	uint32_t size;
	int later = 0, rlater = 0;

	put_u32(b, 0); /* the size, below */
	mcp_buf_put(b, &seq, sizeof(seq));
	put_u32(b, f->loc.line);
	put_u32(b, f->loc.column);
	put_u32(b, f->related.line);
	put_u32(b, f->related.column);
	put_u32(b, (uint32_t)f->severity);
	put_u32(b, 0); /* the flags, below */
	put_cstr(b, f->rule);
	put_cstr(b, f->loc.file);
	put_cstr(b, f->pointer);
	put_cstr(b, f->hint);
	put_cstr(b, f->message);
	put_cstr(b, f->related.file);
	put_cstr(b, f->related_message);
	put_cstr(b, f->waiver);
	if (quote && from) {
		put_line(b, from, &f->loc, &later);
		if (verbose && f->related.line)
			put_line(b, from, &f->related, &rlater);
		else
			put_str(b, NULL, 0);
	} else {
		/* looked up when written (the run's list), or not at all */
		later = rlater = quote;
		put_str(b, NULL, 0);
		put_str(b, NULL, 0);
	}
	if (b->oom)
		return;
	flags |= (later ? R_LATER : 0) | (rlater ? R_RLATER : 0) |
	         (f->fatal ? R_FATAL : 0);
	size = (uint32_t)(b->len - at - 4);
	memcpy(b->ptr + at, &size, 4);
	memcpy(b->ptr + at + 4 + 8 + 5 * 4, &flags, 4);
}

/* ---- reading records ---- */

typedef struct record {
	const char *p; /* its bytes, after the size */
	uint32_t size;
} record;

static uint32_t get_u32(const char *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

/* The @p i-th string of a record (NULL: none), and its length. */
static char *rec_str(const record *r, int i, size_t *len)
{
	const char *p = r->p + HEAD;
	uint32_t n;

	for (;;) {
		n = get_u32(p);
		if (i-- == 0)
			break;
		p += 4 + (n == UINT32_MAX ? 0 : n + 1);
	}
	if (len)
		*len = n == UINT32_MAX ? 0 : n;
	return n == UINT32_MAX ? NULL : (char *)p + 4;
}

static uint64_t rec_seq(const record *r)
{
	uint64_t v;
	memcpy(&v, r->p, sizeof(v));
	return v;
}

/* The order of mcp_diag_sort: file (none first), line, column, arrival. */
static int rec_cmp(const record *a, const record *b)
{
	const char *fa = rec_str(a, S_FILE, NULL),
	           *fb = rec_str(b, S_FILE, NULL);
	uint32_t la = get_u32(a->p + 8), lb = get_u32(b->p + 8);
	uint32_t ca = get_u32(a->p + 12), cb = get_u32(b->p + 12);
	uint64_t sa = rec_seq(a), sb = rec_seq(b);
	int c;

	if (!fa || !fb) {
		if (fa != fb)
			return fa ? 1 : -1;
	} else if ((c = strcmp(fa, fb)) != 0) {
		return c;
	}
	if (la != lb)
		return la < lb ? -1 : 1;
	if (ca != cb)
		return ca < cb ? -1 : 1;
	return sa < sb ? -1 : sa > sb;
}

/* ---- the temporary file ---- */

static int temp_file(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd;

	if (!dir || !*dir)
		dir = "/tmp";
#ifdef O_TMPFILE
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
#endif
	if ((size_t)snprintf(path, sizeof(path), "%s/mcpc-lint-XXXXXX", dir) >=
	    sizeof(path))
		return -1;
	if ((fd = mkstemp(path)) >= 0)
		unlink(path); /* ours alone, gone when closed */
	return fd;
}

/* Whether the records may go to the file: made the first time they
 * are to (a small run never makes one); when none can be made, or it
 * took no more, they stay in memory. */
static int file_ready(cli_spill *s)
{
	if (s->fd < 0 && !s->nowrite && (s->fd = temp_file()) < 0)
		s->nowrite = 1;
	return !s->nowrite;
}

/* Append @p n bytes to the file; -1 when it cannot be written. */
static int file_put(cli_spill *s, const char *p, size_t n)
{
	while (n) {
		ssize_t w = pwrite(s->fd, p, n, (off_t)s->fsize);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
		s->fsize += (uint64_t)w;
	}
	return 0;
}

/* The own records in memory to the file, when there is one. */
static int own_out(cli_spill *s)
{
	span sp;
	span *v;

	if (!s->own.mem.len || !file_ready(s))
		return 0;
	sp.start = s->fsize;
	if (file_put(s, s->own.mem.ptr, s->own.mem.len) < 0)
		return -1;
	sp.end = s->fsize;
	if (!(v = realloc(s->own_spans, (s->nown_spans + 1) * sizeof(*v))))
		return MCP_ENOMEM;
	s->own_spans = v;
	s->own_spans[s->nown_spans++] = sp;
	mcp_buf_clear(&s->own.mem);
	return 0;
}

static int by_record(const void *a, const void *b)
{
	record ra, rb;

	ra.p = *(const char *const *)a + 4;
	rb.p = *(const char *const *)b + 4;
	ra.size = get_u32(ra.p - 4);
	rb.size = get_u32(rb.p - 4);
	return rec_cmp(&ra, &rb);
}

/* Sort the other files' records held in memory (offs, by key). 0 or
 * MCP_ENOMEM. */
static int other_sort(cli_spill *s)
{
	const char **p;
	size_t i;

	if (s->noffs < 2)
		return 0;
	if (!(p = malloc(s->noffs * sizeof(*p))))
		return MCP_ENOMEM;
	for (i = 0; i < s->noffs; i++)
		p[i] = s->other.ptr + s->offs[i];
	qsort(p, s->noffs, sizeof(*p), by_record);
	for (i = 0; i < s->noffs; i++)
		s->offs[i] = (size_t)(p[i] - s->other.ptr);
	free(p);
	return 0;
}

/* The other files' records to the file, sorted, as one run. */
static int other_out(cli_spill *s)
{
	span sp, *v;
	size_t i;

	if (!s->noffs || !file_ready(s))
		return 0;
	if (other_sort(s) < 0)
		return MCP_ENOMEM;
	sp.start = s->fsize;
	for (i = 0; i < s->noffs; i++) {
		const char *p = s->other.ptr + s->offs[i];
		if (file_put(s, p, 4 + get_u32(p)) < 0)
			return -1;
	}
	sp.end = s->fsize;
	if (!(v = realloc(s->runs, (s->nruns + 1) * sizeof(*v))))
		return MCP_ENOMEM;
	s->runs = v;
	s->runs[s->nruns++] = sp;
	mcp_buf_clear(&s->other);
	s->noffs = 0;
	return 0;
}

/* ---- adding a spec's findings ---- */

int cli_spill_new(cli_spill **out, size_t mark, int quote, int verbose)
{
	cli_spill *s = calloc(1, sizeof(*s));
	const char *limit = getenv("MCPC_SPILL_LIMIT");

	*out = s;
	if (!s)
		return MCP_ENOMEM;
	s->fd = -1; /* made when the first records go out */
	s->own_limit = OWN_LIMIT;
	s->run_limit = RUN_LIMIT;
	if (limit && *limit)
		s->own_limit = s->run_limit = (size_t)strtoull(limit, NULL, 10);
	s->quote = quote;
	s->verbose = verbose;
	s->mark = mark;
	s->worst = -1;
	mcp_buf_init(&s->own.mem);
	mcp_buf_init(&s->other);
	return 0;
}

void cli_spill_free(cli_spill *s)
{
	if (!s)
		return;
	if (s->fd >= 0)
		close(s->fd);
	mcp_buf_free(&s->own.mem);
	mcp_buf_free(&s->other);
	free(s->offs);
	free(s->runs);
	free(s->own_spans);
	free(s);
}

/* A finding about the spec's own file, where it stands. */
typedef struct place {
	unsigned line, column;
	size_t i; /* in the spec's list: the order mcp_diag_append keeps */
} place;

static int by_place(const void *a, const void *b)
{
	const place *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->column != y->column)
		return x->column < y->column ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* What the run's exit status needs of a finding. */
static void tally(cli_spill *s, const mcp_finding *f)
{
	s->fatal += f->fatal != 0;
	if (!f->waiver && (int)f->severity > s->worst)
		s->worst = (int)f->severity;
}

int cli_spill_add(cli_spill *s, mcp_diag *jd, const char *own, mcp_diag *d)
{
	size_t i, n = mcp_diag_count(jd), nown = 0;
	place *order;
	/* their places in the order of arrival: after the run list's first
	 * mark findings and the specs' spilled before */
	uint64_t base = s->mark + s->seq;
	int rc = 0;

	if (s->oom)
		return MCP_ENOMEM;
	/* the credentials it remembers mask every report of the run */
	if (mcp_diag_add_secrets(d, jd) < 0)
		return MCP_ENOMEM;
	if (!n)
		return 0;
	if (!(order = malloc(n * sizeof(*order))))
		return MCP_ENOMEM;
	for (i = 0; i < n; i++) {
		const mcp_finding *f = mcp_diag_get(jd, i);
		tally(s, f);
		if (f->loc.file && strcmp(f->loc.file, own) == 0) {
			order[nown].line = f->loc.line;
			order[nown].column = f->loc.column;
			order[nown++].i = i;
			continue;
		}
		/* about another file: sorted with the others */
		if (s->noffs == s->capoffs) {
			size_t cap = s->capoffs ? s->capoffs * 2 : 256;
			size_t *v = realloc(s->offs, cap * sizeof(*v));
			if (!v) {
				free(order);
				return MCP_ENOMEM;
			}
			s->offs = v;
			s->capoffs = cap;
		}
		s->offs[s->noffs++] = s->other.len;
		put_record(&s->other, f, base + i, jd, s->quote, s->verbose, 0);
	}
	/* about the spec itself: in the order of their places */
	if (nown > 1)
		qsort(order, nown, sizeof(*order), by_place);
	for (i = 0; i < nown; i++)
		put_record(&s->own.mem, mcp_diag_get(jd, order[i].i),
		           base + order[i].i, jd, s->quote, s->verbose, 0);
	free(order);
	s->seq += n;
	if (s->own.mem.oom || s->other.oom)
		return s->oom = 1, MCP_ENOMEM;
	if (s->own.mem.len >= s->own_limit)
		rc = own_out(s);
	if (rc == 0 && s->other.len >= s->run_limit)
		rc = other_out(s);
	if (rc == -1) {
		/* the file takes no more (a full disk): what it holds stays
		 * readable, the rest stays in memory */
		s->nowrite = 1;
		rc = 0;
	}
	return rc;
}

/* ---- reading it back: cursors, merged ---- */

/* Where records come from: a span of the file, or memory (in order, or
 * by a sorted table of offsets), or the run's own list. */
typedef struct cursor {
	int fd;
	const span *spans; /* the file's spans, read one after another */
	size_t nspans, si;
	uint64_t at, end; /* in the current span */
	mcp_buf buf;      /* read from the file: [buf_at, buf_at + len) */
	uint64_t buf_at;
	const char *mem; /* memory, in order */
	size_t mpos, mend;
	const size_t *offs; /* memory, by offsets */
	size_t oi, on;
	const mcp_diag *d; /* the run's list, sorted */
	size_t di;
	uint64_t mark, spilled; /* its findings from mark on come after the
	                           spilled ones */
	mcp_buf enc;            /* the current finding of d as a record */
	record cur;
	int valid;
} cursor;

/* Make the record at the file offset c->at whole in c->buf. */
static int file_record(cursor *c)
{
	size_t off, need;
	uint32_t size;

	for (;;) {
		off = (size_t)(c->at - c->buf_at);
		if (c->at >= c->buf_at && off + 4 <= c->buf.len) {
			memcpy(&size, c->buf.ptr + off, 4);
			need = off + 4 + size;
			if (need <= c->buf.len) {
				c->cur.p = c->buf.ptr + off + 4;
				c->cur.size = size;
				return 0;
			}
		}
		/* read from c->at on: at least the record */
		{
			size_t want = 1 << 16;
			ssize_t r;
			if (c->at >= c->buf_at && off + 4 <= c->buf.len) {
				memcpy(&size, c->buf.ptr + off, 4);
				if ((size_t)size + 4 > want)
					want = (size_t)size + 4;
			}
			if ((uint64_t)want > c->end - c->at)
				want = (size_t)(c->end - c->at);
			mcp_buf_clear(&c->buf);
			if (mcp_buf_grow(&c->buf, want) < 0)
				return MCP_ENOMEM;
			c->buf_at = c->at;
			do
				r = pread(c->fd, c->buf.ptr, want,
				          (off_t)c->at);
			while (r < 0 && errno == EINTR);
			if (r < 4 || (size_t)r < want)
				return MCP_EIO;
			c->buf.len = (size_t)r;
		}
	}
}

/* Load the cursor's current record (c->valid 0 at its end). */
static int cursor_load(cursor *c)
{
	c->valid = 0;
	if (c->d) {
		const mcp_finding *f;
		uint64_t seq;
		if (c->di >= mcp_diag_count(c->d))
			return 0;
		f = mcp_diag_get(c->d, c->di);
		seq = f->seq < c->mark ? f->seq : f->seq + c->spilled;
		mcp_buf_clear(&c->enc);
		/* its quoted lines are the list's: looked up when written */
		put_record(&c->enc, f, seq, NULL, 1, 1, R_MASKED);
		if (c->enc.oom)
			return MCP_ENOMEM;
		c->cur.p = c->enc.ptr + 4;
		c->cur.size = (uint32_t)(c->enc.len - 4);
	} else if (c->offs) {
		if (c->oi >= c->on)
			return 0;
		c->cur.p = c->mem + c->offs[c->oi] + 4;
		c->cur.size = get_u32(c->cur.p - 4);
	} else if (c->mem) {
		if (c->mpos >= c->mend)
			return 0;
		c->cur.p = c->mem + c->mpos + 4;
		c->cur.size = get_u32(c->cur.p - 4);
	} else {
		int rc;
		while (c->at >= c->end && c->si + 1 < c->nspans) {
			c->si++; /* the next span */
			c->at = c->spans[c->si].start;
			c->end = c->spans[c->si].end;
		}
		if (c->at >= c->end)
			return 0;
		if ((rc = file_record(c)) != 0)
			return rc;
	}
	c->valid = 1;
	return 0;
}

static int cursor_next(cursor *c)
{
	if (c->d)
		c->di++;
	else if (c->offs)
		c->oi++;
	else if (c->mem)
		c->mpos += 4 + c->cur.size;
	else
		c->at += 4 + c->cur.size;
	return cursor_load(c);
}

/* The findings of a spill and of the run's list, merged, as a source of
 * runs of one file each (render_stream.h). */
typedef struct spill_source {
	em_source base;
	cli_spill *s;
	const mcp_diag *d;
	cursor *c;
	size_t nc;
	mcp_buf group;  /* the current run's records, copied */
	size_t *goffs;  /* where each starts in group */
	mcp_finding *v; /* the run, decoded */
	size_t n, cap;
	int started;
	FILE *fp; /* where the report being written goes */
} spill_source;

static void cursors_free(spill_source *ss)
{
	size_t i;

	for (i = 0; i < ss->nc; i++) {
		mcp_buf_free(&ss->c[i].buf);
		mcp_buf_free(&ss->c[i].enc);
	}
	free(ss->c);
	ss->c = NULL;
	ss->nc = 0;
}

/* Every cursor at its first record. */
static int cursors_open(spill_source *ss)
{
	cli_spill *s = ss->s;
	size_t i, n = 1 + 1 + 1 + s->nruns + 1, k = 0;
	int rc = 0;

	cursors_free(ss);
	if (!(ss->c = calloc(n, sizeof(*ss->c))))
		return MCP_ENOMEM;
	ss->c[k].d = ss->d; /* the run's own list */
	ss->c[k].mark = s->mark;
	ss->c[k++].spilled = s->seq;
	if (s->nown_spans) { /* the own records written out, in order */
		ss->c[k].fd = s->fd;
		ss->c[k].spans = s->own_spans;
		ss->c[k].nspans = s->nown_spans;
		ss->c[k].at = s->own_spans[0].start;
		ss->c[k++].end = s->own_spans[0].end;
	}
	ss->c[k].mem = s->own.mem.ptr ? s->own.mem.ptr : "";
	ss->c[k++].mend = s->own.mem.len;
	for (i = 0; i < s->nruns; i++, k++) {
		ss->c[k].fd = s->fd;
		ss->c[k].spans = &s->runs[i];
		ss->c[k].nspans = 1;
		ss->c[k].at = s->runs[i].start;
		ss->c[k].end = s->runs[i].end;
	}
	ss->c[k].mem = s->other.ptr ? s->other.ptr : "";
	ss->c[k].offs = s->offs;
	ss->c[k++].on = s->noffs;
	ss->nc = k;
	for (i = 0; i < k && rc == 0; i++) {
		mcp_buf_init(&ss->c[i].buf);
		mcp_buf_init(&ss->c[i].enc);
		rc = cursor_load(&ss->c[i]);
	}
	return rc;
}

/* The cursor whose record comes first, or NULL. */
static cursor *first_cursor(spill_source *ss)
{
	cursor *best = NULL;
	size_t i;

	for (i = 0; i < ss->nc; i++)
		if (ss->c[i].valid &&
		    (!best || rec_cmp(&ss->c[i].cur, &best->cur) < 0))
			best = &ss->c[i];
	return best;
}

/* A record's file as runs group them: none counts as "". */
static const char *rec_key(const record *r)
{
	const char *f = rec_str(r, S_FILE, NULL);
	return f ? f : "";
}

/* Mask a text as mcp_diag_redact does. */
static void mask(const mcp_diag *d, char *t, size_t n)
{
	if (t)
		mcp_diag_mask(d, t, n);
}

/* Decode record @p r (its bytes ours, in the run) into @p f. */
static void decode(const mcp_diag *d, const record *r, mcp_finding *f)
{
	uint32_t flags = get_u32(r->p + 28);
	size_t n;

	memset(f, 0, sizeof(*f));
	f->seq = (size_t)rec_seq(r);
	f->loc.line = get_u32(r->p + 8);
	f->loc.column = get_u32(r->p + 12);
	f->related.line = get_u32(r->p + 16);
	f->related.column = get_u32(r->p + 20);
	f->severity = (mcp_severity)get_u32(r->p + 24);
	f->fatal = (flags & R_FATAL) != 0;
	f->rule = rec_str(r, S_RULE, NULL);
	f->loc.file = rec_str(r, S_FILE, NULL);
	f->pointer = rec_str(r, S_POINTER, NULL);
	f->hint = rec_str(r, S_HINT, NULL);
	f->message = rec_str(r, S_MESSAGE, NULL);
	f->related.file = rec_str(r, S_RFILE, NULL);
	f->related_message = rec_str(r, S_RMESSAGE, NULL);
	f->waiver = rec_str(r, S_WAIVER, NULL);
	if (flags & R_MASKED)
		return;
	/* what mcp_diag_redact does to the run's list */
	rec_str(r, S_MESSAGE, &n);
	mask(d, f->message, n);
	mask(d, f->hint, f->hint ? strlen(f->hint) : 0);
	mask(d, f->related_message,
	     f->related_message ? strlen(f->related_message) : 0);
	mask(d, f->waiver, f->waiver ? strlen(f->waiver) : 0);
	if (f->pointer)
		mcp_secret_mask(f->pointer, strlen(f->pointer));
}

static int spill_next(em_source *src, const mcp_finding **v, size_t *n)
{
	spill_source *ss = (spill_source *)src;
	size_t i, count = 0, cap = 0;
	cursor *c;
	int rc = 0;

	*n = 0;
	if (!ss->started) {
		if ((rc = cursors_open(ss)) != 0)
			return rc;
		ss->started = 1;
	}
	mcp_buf_clear(&ss->group);
	free(ss->goffs);
	ss->goffs = NULL;
	while ((c = first_cursor(ss)) != NULL) {
		if (count) { /* the run's file: its first record's */
			record first;
			first.p = ss->group.ptr + ss->goffs[0] + 4;
			first.size = get_u32(first.p - 4);
			if (strcmp(rec_key(&c->cur), rec_key(&first)) != 0)
				break;
		}
		if (count == cap) {
			size_t *g;
			cap = cap ? cap * 2 : 64;
			if (!(g = realloc(ss->goffs, cap * sizeof(*g))))
				return MCP_ENOMEM;
			ss->goffs = g;
		}
		ss->goffs[count++] = ss->group.len;
		put_u32(&ss->group, c->cur.size);
		mcp_buf_put(&ss->group, c->cur.p, c->cur.size);
		if (ss->group.oom)
			return MCP_ENOMEM;
		if ((rc = cursor_next(c)) != 0)
			return rc;
	}
	if (count > ss->cap) {
		mcp_finding *nv = realloc(ss->v, count * sizeof(*nv));
		if (!nv)
			return MCP_ENOMEM;
		ss->v = nv;
		ss->cap = count;
	}
	for (i = 0; i < count; i++) {
		record r;
		r.p = ss->group.ptr + ss->goffs[i] + 4;
		r.size = get_u32(r.p - 4);
		decode(ss->d, &r, &ss->v[i]);
	}
	ss->n = count;
	*v = ss->v;
	*n = count;
	return 0;
}

static int spill_rewind(em_source *src)
{
	((spill_source *)src)->started = 0;
	return 0;
}

static const char *spill_line(em_source *src, const mcp_finding *f, int related,
                              size_t *len)
{
	spill_source *ss = (spill_source *)src;
	size_t i = (size_t)(f - ss->v);
	const mcp_loc *loc = related ? &f->related : &f->loc;
	record r;
	uint32_t flags;
	const char *line;

	if (i >= ss->n)
		return NULL;
	r.p = ss->group.ptr + ss->goffs[i] + 4;
	r.size = get_u32(r.p - 4);
	flags = get_u32(r.p + 28);
	if (flags & (related ? R_RLATER : R_LATER))
		return mcp_diag_source_line(ss->d, loc->file, loc->line, len);
	line = rec_str(&r, related ? S_RLINE : S_LINE, len);
	return line;
}

/* Write out what a report holds so far, to the stream it goes to. */
static int spill_flush(em_source *src, mcp_buf *out)
{
	spill_source *ss = (spill_source *)src;

	if (out->oom)
		return MCP_ENOMEM;
	if (out->len && fwrite(out->ptr, 1, out->len, ss->fp) != out->len)
		return MCP_EIO;
	mcp_buf_clear(out);
	return 0;
}

/* The source of a finished spill; free with source_free. */
static int source_open(spill_source *ss, cli_spill *s, const mcp_diag *d)
{
	memset(ss, 0, sizeof(*ss));
	ss->base.next = spill_next;
	ss->base.rewind = spill_rewind;
	ss->base.line = spill_line;
	ss->base.flush = spill_flush;
	ss->base.d = d;
	ss->s = s;
	ss->d = d;
	mcp_buf_init(&ss->group);
	/* the last of the other files' records: one more run, in memory */
	return other_sort(s);
}

static void source_free(spill_source *ss)
{
	cursors_free(ss);
	mcp_buf_free(&ss->group);
	free(ss->goffs);
	free(ss->v);
}

/* One report of a spilled run to an open stream. */
typedef struct spilled_ctx {
	spill_source *ss;
	const em_totals *t;
} spilled_ctx;

static int spilled_report(void *ctx, const mcp_renderer *r,
                          const mcp_render_opts *ro, FILE *fp)
{
	spilled_ctx *c = ctx;
	em_stream_fn fn = em_stream_of(r);
	mcp_buf out;
	int rc;

	if (!fn)
		return MCP_ERROR;
	mcp_buf_init(&out);
	c->ss->fp = fp;
	if ((rc = c->ss->base.rewind(&c->ss->base)) == 0)
		rc = fn(&out, &c->ss->base, c->t, ro);
	if (rc == 0)
		rc = spill_flush(&c->ss->base, &out);
	c->ss->fp = NULL;
	mcp_buf_free(&out);
	if (rc == 0 && fflush(fp) != 0)
		rc = MCP_EIO;
	return rc;
}

int cli_finish_spilled(const cli_opts *o, mcp_diag *d, cli_spill *s)
{
	int status = cli_settle(o, d), rc;
	spill_source ss;
	spilled_ctx ctx;
	em_totals t;

	if (s->fatal)
		status = EXIT_TROUBLE;
	else if (status == EXIT_CLEAN && s->worst >= (int)o->fail_on)
		status = EXIT_FINDINGS;
	if ((rc = source_open(&ss, s, d)) == 0)
		rc = em_totals_of(&t, &ss.base, &o->render);
	if (rc != 0) {
		source_free(&ss);
		cli_error("out of memory while writing the report");
		return EXIT_TROUBLE;
	}
	ctx.ss = &ss;
	ctx.t = &t;
	status = cli_reports_write(o, status, spilled_report, &ctx, stdout);
	em_totals_free(&t);
	source_free(&ss);
	return status;
}
