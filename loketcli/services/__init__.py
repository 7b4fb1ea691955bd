"""Use cases. Each receives its storage, never prints or prompts, returns data or raises."""
