"""DCI (spdci) registry messaging: the message envelope and Ed25519 message signatures, shared by
the registry (answering searches) and its clients (asking peers). Plumbing only."""
