"""Who may see a back-office page, and whether a posted form may be acted on: the dependencies every page
declares (`signed_in`: the person at the keyboard; `posted`: the form's fields once its CSRF token is
checked), and the route class that turns their refusals into the way to the login page or the "form
expired" page."""
from __future__ import annotations

from fastapi import Depends, Request
from fastapi.routing import APIRoute

from console.backoffice.session import Staff, csrf_ok, staff_of


class LoginNeeded(Exception):
    """No live session: the person logs in (again)."""


class FormExpired(Exception):
    """The form's CSRF token does not match the session: nothing is done."""

    def __init__(self, staff: Staff):
        super().__init__("form expired")
        self.staff = staff


async def signed_in(request: Request) -> Staff:
    staff = await staff_of(request)
    if staff is None:
        raise LoginNeeded()
    return staff


async def posted(request: Request, staff: Staff = Depends(signed_in)) -> dict[str, str]:
    form = {k: str(v).strip() for k, v in (await request.form()).items()}
    if not csrf_ok(request, form.get("csrf")):
        raise FormExpired(staff)
    return form


class PageRoute(APIRoute):
    """A back-office route: a refusal of `signed_in` or `posted` becomes its page, not an error."""

    def get_route_handler(self):
        handler = super().get_route_handler()

        async def guarded(request: Request):
            from console.backoffice.views import expired, login_needed  # views builds on this module

            try:
                return await handler(request)
            except LoginNeeded:
                return login_needed()
            except FormExpired as refused:
                return expired(refused.staff)
        return guarded


# what a page declares: `staff: Staff = SignedIn`, and for a form `form: Fields = Posted`
Fields = dict[str, str]
SignedIn = Depends(signed_in)
Posted = Depends(posted)
