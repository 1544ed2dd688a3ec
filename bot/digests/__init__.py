"""When each chat's digest is due, and sending it."""
