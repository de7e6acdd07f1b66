"""The ground every feature stands on: clock, database, files, paths, config, errors,
logging, the write journal and the stderr console. Imports no feature."""
