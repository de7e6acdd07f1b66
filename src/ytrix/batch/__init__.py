"""plists2mlists: many copies in one resumable batch. `store` (the batch journal),
`run` (select and run), `worker` (one task through the copy flow), `dryrun`,
`control` (stop, lock, wait for reset), `status`, `report` (typed data; the CLI
renders it in `cli/views/batch.py`). The batch file is read by `sources/listfile.py`."""
