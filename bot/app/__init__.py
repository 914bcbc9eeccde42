"""The app: its factory, the two transports that serve it (HTTP and Socket Mode), and its
start and stop. The only part of `bot/` that may import `handlers/`."""
