"""The few HTML pages of the issuer (login, errors, logged out), in Bahasa Indonesia (escaped templates)."""
from __future__ import annotations

from html import escape

from fastapi.responses import HTMLResponse

STYLE = ("body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1d2b36}"
         "label{display:block;margin:.8rem 0 .2rem}input{width:100%;padding:.5rem;font-size:1rem}"
         "button,a.button{margin-top:1.2rem;padding:.6rem 1.2rem;font-size:1rem;background:#0b5d3b;color:#fff;"
         "border:0;border-radius:4px;text-decoration:none;display:inline-block}"
         ".error{background:#fde8e8;color:#8a1c1c;padding:.6rem;border-radius:4px}"
         "dt{font-weight:600;margin-top:.6rem}")


class Page(HTMLResponse):
    """Every page: never cached, never framed, no scripts, styles only inline, nothing fetched."""

    def __init__(self, content: str, status_code: int = 200, headers: dict | None = None):
        super().__init__(content, status_code=status_code, headers={
            "Cache-Control": "no-store", "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
            "Referrer-Policy": "no-referrer", **(headers or {})})


def page(title: str, body: str) -> str:
    return (f'<!doctype html><html lang="id"><head><meta charset="utf-8"><title>{escape(title)} · Lindung</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{STYLE}</style></head>'
            f"<body><h1>{escape(title)}</h1>{body}</body></html>")


def login_page(params: dict[str, str], csrf: str, error: str | None = None) -> str:
    hidden = "".join(f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">' for k, v in params.items())
    message = f'<p class="error" role="alert">{escape(error)}</p>' if error else ""
    return page("Masuk ke Lindung", (
        "<p>Sistem Jaminan Sosial Ketenagakerjaan Kabupaten. Masuk dengan akun petugas Anda.</p>"
        f'{message}<form method="post" action="/authorize">{hidden}'
        f'<input type="hidden" name="csrf" value="{escape(csrf)}">'
        '<label for="username">Nama pengguna</label>'
        '<input id="username" name="username" autocomplete="username" required autofocus>'
        '<label for="password">Kata sandi</label>'
        '<input id="password" name="password" type="password" autocomplete="current-password" required>'
        '<label for="otp">Kode OTP (bila akun Anda memakainya)</label>'
        '<input id="otp" name="otp" inputmode="numeric" autocomplete="one-time-code" maxlength="8">'
        '<button type="submit">Masuk</button></form>'))


def error_page(message: str) -> str:
    return page("Permintaan masuk tidak sah", f'<p class="error">{escape(message)}</p>')


def logged_out_page() -> str:
    return page("Anda telah keluar", '<p>Sesi Anda telah diakhiri.</p><a class="button" href="/masuk">Masuk lagi</a>')
