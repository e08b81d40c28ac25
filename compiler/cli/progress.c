/*
 * progress.c: how far a long run is, for people: one line on standard
 * error, rewritten at most ten times a second, only on a terminal, only
 * for runs long enough to need it, and cleared at the end.
 */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"

/* Runs shorter than this many items show nothing. */
#define MIN_ITEMS 50

static double seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_progress_start(cli_progress *p, const char *what, const char *unit,
                        size_t total, int quiet)
{
	p->what = what;
	p->unit = unit;
	p->total = total;
	p->shown = 0;
	p->start = !quiet && total >= MIN_ITEMS && isatty(2) ? seconds() : 0;
}

void cli_progress_show(cli_progress *p, size_t done)
{
	double now;

	if (p->start <= 0)
		return;
	now = seconds();
	if (now - p->shown < 0.1 && done < p->total)
		return;
	p->shown = now;
	fprintf(stderr, "\r%s: %zu/%zu %s, %.0f/s\033[K", p->what, done,
	        p->total, p->unit,
	        now > p->start ? (double)done / (now - p->start) : 0.0);
	fflush(stderr);
}

void cli_progress_end(cli_progress *p)
{
	if (p->start > 0 && p->shown > 0)
		fputs("\r\033[K", stderr);
	p->start = 0;
}
