"""A client for OSS RBA's `inqueryNIB` (POST {base}/inqueryNIB, header `user_key`): the business
identity OSS holds for a NIB or an NPWP."""
from __future__ import annotations

import httpx

from registry.oss.service import OssRefusal


class OssClient:
    def __init__(self, base_url: str, user_key: str, *, timeout: float = 10.0,
                 transport: httpx.AsyncBaseTransport | None = None):
        self.base_url, self.user_key, self.timeout, self.transport = base_url.rstrip("/"), user_key, timeout, transport

    @property
    def configured(self) -> bool:
        return bool(self.base_url and self.user_key)

    async def inquire(self, *, nib: str | None = None, npwp: str | None = None) -> dict | None:
        """OSS's `dataNIB`, or None when OSS knows no such business (kode 404 / empty dataNIB)."""
        query = {"nib": nib} if nib else {"npwp": npwp}
        try:
            async with httpx.AsyncClient(timeout=self.timeout, transport=self.transport) as http:
                response = await http.post(f"{self.base_url}/inqueryNIB", json={"INQUERYNIB": query},
                                           headers={"user_key": self.user_key})
            answer = response.json().get("responinqueryNIB") or {}
        except (httpx.HTTPError, ValueError, AttributeError):
            raise OssRefusal(504, "OSS tidak dapat dihubungi / OSS could not be reached") from None
        if str(answer.get("kode")) == "404" or response.status_code == 404 or not answer.get("dataNIB"):
            return None
        if str(answer.get("kode")) != "200":
            raise OssRefusal(502, f"OSS menolak / OSS refused: {str(answer.get('keterangan'))[:200]}")
        return answer["dataNIB"]
