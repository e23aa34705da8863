"""The page shell: who is signed in, which language, and a template rendered in that language."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import pass_context
from litestar import Request
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Template
from litestar.template.config import TemplateConfig

from coop.domain.actors import Actor, Role
from coop.domain.errors import DomainError, Unauthorized
from coop.domain.lots import LotStatus
from coop.domain.money import format_yuan
from coop.domain.statement import EntryKind
from coop.domain.weight import format_kg
from coop.i18n import RTL_LOCALES, translate
from coop.i18n.names import NAMES
from coop.i18n.negotiation import locale_for
from coop.services.auth import actor_for_session
from coop.services.clock import LOCAL

TEMPLATES = Path(__file__).parent / "templates"
SESSION_COOKIE = "coop_session"
HTML_LANG = {"zh_CN": "zh-CN", "ug": "ug", "en": "en"}
LANGUAGE_NAMES = {"zh_CN": "中文", "ug": "ئۇيغۇرچە", "en": "English"}
HOME_OF: dict[Role, str] = {
    Role.ADMIN: "/households",
    Role.CLERK: "/weigh",
    Role.WORK_TEAM: "/weigh",
    Role.MEMBER: "/me",
    Role.PROCESSOR: "/batches",
}


def N_(message: str) -> str:
    """Mark a msgid for the catalogs where it is defined; it is translated where it is shown."""
    return message


STATUS = {  # a grower's record, then the harvest lot weighed from it
    "pending": N_("Waiting for the scale"),
    "confirmed": N_("Confirmed"),
    "rejected": N_("Rejected"),
    **NAMES[LotStatus],
}


def home_of(actor: Actor) -> str:
    return HOME_OF.get(actor.role, "/")


async def signed_in(request: Request) -> Actor | None:
    token = request.cookies.get(SESSION_COOKIE)
    return await actor_for_session(token) if token else None


async def web_actor(request: Request) -> Actor:
    """Pages need a session cookie; without one (or with an expired one) they send to sign-in."""
    actor = await signed_in(request)
    if actor is None:
        if request.cookies.get(SESSION_COOKIE):
            raise Unauthorized(
                "Your session has expired; please sign in again.", code="session_expired"
            )
        raise Unauthorized("Please sign in first.", code="sign_in_required")
    return actor


def safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect to another host."""
    if not target or not target.startswith("/") or target[1:2] in ("/", "\\"):
        return "/"
    return target


def local_time(moment: datetime | None, pattern: str = "%Y-%m-%d %H:%M") -> str:
    return "" if moment is None else moment.astimezone(LOCAL).strftime(pattern)


def _translator(locale: str) -> Callable[..., str]:
    def _(message: str, **params: object) -> str:
        return translate(message, locale, **params)

    return _


def error_text(error: DomainError, locale: str) -> str:
    return translate(error.message, locale, **error.params)


def page(
    request: Request,
    name: str,
    actor: Actor | None = None,
    status_code: int = 200,
    **context: Any,
) -> Template:
    """Render a page in the asker's language, right to left for Uyghur."""
    locale = locale_for(request, actor)
    shell = {
        "_": _translator(locale),
        "locale": locale,
        "html_lang": HTML_LANG[locale],
        "dir": "rtl" if locale in RTL_LOCALES else "ltr",
        "languages": LANGUAGE_NAMES,
        "actor": actor,
        "Role": Role,
        "STATUS": STATUS,
        "KINDS": NAMES[EntryKind],
        "ROLES": NAMES[Role],
        "here": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
    }
    return Template(template_name=name, context={**shell, **context}, status_code=status_code)


@pass_context
def _product_name(context: Any, product: Any) -> str:
    """A product's name in the page's language, Chinese when that name is missing."""
    locale = context.get("locale", "zh_CN")
    field = {"ug": "name_ug", "en": "name_en"}.get(locale, "name_zh")
    return getattr(product, field, "") or product.name_zh


def per_mille_percent(per_mille: int) -> str:
    """A yield kept in per-mille shown as a percent, exactly: 750 -> "75%", 755 -> "75.5%"."""
    whole, tenth = divmod(per_mille, 10)
    return f"{whole}.{tenth}%" if tenth else f"{whole}%"


def template_config() -> TemplateConfig:
    def filters(engine: JinjaTemplateEngine) -> None:
        engine.engine.filters.update(
            yuan=format_yuan,
            kg=format_kg,
            when=local_time,
            product_name=_product_name,
            percent=per_mille_percent,
        )

    return TemplateConfig(directory=TEMPLATES, engine=JinjaTemplateEngine, engine_callback=filters)
