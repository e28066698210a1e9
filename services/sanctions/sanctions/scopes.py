"""A dependency for endpoints more than one kind of client may call (shared.auth.require takes one scope)."""
from __future__ import annotations

from fastapi import Request

from shared.auth import Client, ClientRegistry
from shared.problems import Forbidden


def require_any(*scopes: str):
    async def dependency(request: Request) -> Client:
        registry: ClientRegistry = request.app.state.clients
        client = registry.authenticate(request.headers.get("x-api-key"))
        if not any(client.has(scope) for scope in scopes):
            raise Forbidden(f"Client '{client.name}' lacks each of the scopes {', '.join(scopes)}")
        request.state.client = client
        return client

    return dependency
