/*
 * replay.c: a fuzz target without libFuzzer. Linked with one of
 * tests/fuzz/fuzz_*.c, it runs the target's LLVMFuzzerInitialize (when
 * the target has one) and then LLVMFuzzerTestOneInput on every file named
 * on the command line, printing "ok FILE" after each. The target aborts on
 * a broken invariant; the sanitizers (make asan) and valgrind catch the
 * rest. tests/fuzz-replay.sh runs fixtures/fuzz/TARGET/ through it, so the
 * inputs that found bugs stay tested in every build, with no fuzzer.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

/* The whole of @p path, or NULL. */
static uint8_t *slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data = NULL, *more;
	size_t cap = 0, n;

	*size = 0;
	if (!f)
		return NULL;
	for (;;) {
		if (*size == cap) {
			cap = cap ? cap * 2 : 4096;
			if (!(more = realloc(data, cap))) {
				free(data);
				fclose(f);
				return NULL;
			}
			data = more;
		}
		n = fread(data + *size, 1, cap - *size, f);
		*size += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		free(data);
		data = NULL;
	}
	fclose(f);
	return data;
}

int main(int argc, char **argv)
{
	int i;

	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		size_t size;
		uint8_t *data = slurp(argv[i], &size);
		if (!data) {
			fprintf(stderr, "replay: cannot read %s\n", argv[i]);
			return 2;
		}
		LLVMFuzzerTestOneInput(data, size);
		free(data);
		printf("ok %s\n", argv[i]);
		fflush(stdout);
	}
	return 0;
}
