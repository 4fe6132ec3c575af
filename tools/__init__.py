"""Development tools (not installed with the package): headless screenshots of the pages and
replayed callback requests, for tests, benchmarks and the docs."""
