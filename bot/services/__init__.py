"""One function per use case. Each takes the dependencies and the caller, runs in one
unit of work (one transaction) and returns plain data for a reply."""
