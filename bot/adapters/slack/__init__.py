"""Slack: Bolt's AsyncApp served by aiohttp (HTTP) or Socket Mode, one event loop."""
