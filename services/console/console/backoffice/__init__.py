"""The back office (Konsol Lindung): server-rendered pages that call the services' public APIs with
the logged-in person's token (docs/ARCHITECTURE.md "Console")."""
