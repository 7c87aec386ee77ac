"""Parse ``/crise …`` text into a command and run it; one table maps subcommands to handlers."""
