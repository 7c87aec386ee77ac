"""Chat platforms: each turns its own events into commands and renders the replies."""
