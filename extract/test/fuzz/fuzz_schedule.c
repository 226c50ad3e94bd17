/*
 * fuzz_schedule.c - libFuzzer target: the harness's schedule.txt parser.
 *
 * replay.c is included so that its file-scope state can be reset after each
 * input: replay_load() is written to run once per process.
 */
#include "../../../harness/replay.c"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void reset(void)
{
	for (int i = 0; i < replay_nsteps; i++)
		free((char *)replay_steps[i].file);
	for (int i = 0; i < replay_nstuck; i++)
		free((char *)replay_stuck[i].file);
	free((char *)replay_fail.file);
	free(replay_steps);
	replay_steps = NULL;
	replay_nsteps = replay_next = replay_nstuck = replay_nthreads = 0;
	memset(&replay_fail, 0, sizeof replay_fail);
	memset(replay_stuck, 0, sizeof replay_stuck);
	ls__sched_mode = 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	if (!path[0])
		snprintf(path, sizeof path, "/tmp/lockspin-fuzz-schedule.%d", (int)getpid());
	FILE *f = fopen(path, "w");
	if (!f)
		abort();
	fwrite(data, 1, size, f);
	fclose(f);
	char err[512];
	(void)replay_load(path, err, sizeof err);
	const char *verdict, *file;
	int tid, line;
	(void)replay_expected(&verdict, &tid, &file, &line);
	reset();
	return 0;
}
