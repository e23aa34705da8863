"""The page shell: who is signed in, which language, and a template rendered in that language."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import pass_context
from litestar import Request
from litestar.enums import RequestEncodingType
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Template
from litestar.template.config import TemplateConfig

from coop.domain.actors import MAY, Action, Actor, Role
from coop.domain.advances import format_quantity
from coop.domain.errors import DomainError, Unauthorized
from coop.domain.lots import LotStatus
from coop.domain.money import format_yuan
from coop.domain.statement import EntryKind
from coop.domain.weight import format_kg
from coop.i18n import RTL_LOCALES, translate
from coop.i18n.names import NAMES, name_in
from coop.i18n.negotiation import locale_for
from coop.services.auth import actor_for_session
from coop.services.clock import LOCAL
from coop.web.tables import labelled

TEMPLATES = Path(__file__).parent / "templates"
SESSION_COOKIE = "coop_session"
HTML_LANG = {"zh_CN": "zh-CN", "ug": "ug", "en": "en"}
LANGUAGE_NAMES = {"zh_CN": "中文", "ug": "ئۇيغۇرچە", "en": "English"}


def N_(message: str) -> str:
    """Mark a msgid for the catalogs where it is defined; it is translated where it is shown."""
    return message


STATUS = {  # a grower's record, then the harvest lot weighed from it
    "pending": N_("Waiting for the scale"),
    "confirmed": N_("Confirmed"),
    "rejected": N_("Rejected"),
    **NAMES[LotStatus],
}


@dataclass(frozen=True)
class Place:
    """A page in the menu: where it is, its name, and what a role must be allowed to open it."""

    path: str  # "{household}" stands for the reader's own household
    label: str
    action: Action

    def href(self, actor: Actor) -> str:
        return self.path.format(household=actor.household_id)


# The menu, in order: a page is in it when the reader's role MAY do its action (domain/actors.py).
MENU: tuple[Place, ...] = (
    Place("/overview", N_("Overview"), Action.MANAGE_REFERENCE_DATA),
    Place("/weigh", N_("Weigh station"), Action.WEIGH),
    Place("/batches", N_("Batches"), Action.SEE_BATCHES),
    Place("/orders", N_("Order desk"), Action.READ_ORDERS),
    Place("/trace", N_("Trace"), Action.TRACE),
    Place("/certificates", N_("Certificates"), Action.INSPECT_CERTIFICATES),
    Place("/income", N_("Income review"), Action.REVIEW_INCOME),
    Place("/payouts", N_("Payouts"), Action.REVIEW_INCOME),
    Place("/messages", N_("Text messages"), Action.MESSAGE_HOUSEHOLDS),
    Place("/advances", N_("Advances"), Action.PAY),
    Place("/payout-runs", N_("Payout runs"), Action.PAY),
    Place("/processors", N_("Processors"), Action.MANAGE_REFERENCE_DATA),
    Place("/households", N_("Households"), Action.MANAGE_REFERENCE_DATA),
    Place("/products/grades", N_("Grade prices"), Action.MANAGE_REFERENCE_DATA),
    Place("/admin/", N_("Back office"), Action.MANAGE_REFERENCE_DATA),
    Place("/me", N_("My harvest"), Action.RECORD_OWN_HARVEST),
    Place("/households/{household}/statement", N_("My statement"), Action.RECORD_OWN_HARVEST),
    Place("/income/households/{household}", N_("My income review"), Action.RECORD_OWN_HARVEST),
)
# Each role starts on the first of these in its menu: the admin's overview, the clerk's scale,
# the work team's income review, a processor's batches, the order desk's orders, a grower's harvest.
START_PAGES = ("/overview", "/weigh", "/income", "/batches", "/orders", "/me")


def menu(actor: Actor | None) -> list[Place]:
    """The pages this person may open, in menu order; none when signed out."""
    return [place for place in MENU if actor is not None and actor.may(place.action)]


def home_of(role: Role) -> str:
    """A role's start page: the first of START_PAGES in its menu."""
    mine = {place.path for place in MENU if role in MAY[place.action]}
    return next(path for path in START_PAGES if path in mine)


async def signed_in(request: Request) -> Actor | None:
    token = request.cookies.get(SESSION_COOKIE)
    return await actor_for_session(token) if token else None


async def web_actor(request: Request) -> Actor:
    """Pages need a session cookie; without one (or with an expired one) they send to sign-in."""
    actor = await signed_in(request)
    request.state.actor = actor  # the error pages show this person's menu too
    if request.method == "POST" and request.content_type[0] == RequestEncodingType.URL_ENCODED:
        request.state.typed = typed_values(await request.form())  # shown if it is refused
    if actor is None:
        if request.cookies.get(SESSION_COOKIE):
            raise Unauthorized(
                "Your session has expired; please sign in again.", code="session_expired"
            )
        raise Unauthorized("Please sign in first.", code="sign_in_required")
    return actor


NOT_TYPED = frozenset({"_csrf_token", "key", "password", "next", "action", "token", "data"})
LONGEST_TYPED = 1000  # a longer value is a file carried along, not something typed


def typed_values(form: Mapping[str, Any]) -> list[str]:
    """What a person typed into a form: the values, without tokens, keys, passwords and files."""
    items = form.multi_items() if hasattr(form, "multi_items") else form.items()
    return [
        value.strip()
        for name, value in items
        if name not in NOT_TYPED
        and isinstance(value, str)
        and 0 < len(value.strip()) <= LONGEST_TYPED
    ]


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
        "menu": menu(actor),
        "STATUS": STATUS,
        "KINDS": NAMES[EntryKind],
        "ROLES": NAMES[Role],
        "here": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
    }
    return Template(template_name=name, context={**shell, **context}, status_code=status_code)


NAME_FIELDS = (  # how a view names a product's three names: a product's own, or a row's
    ("name_zh", "name_ug", "name_en"),
    ("product_name", "product_name_ug", "product_name_en"),
    ("product_zh", "product_ug", "product_en"),
)


@pass_context
def _may(context: Any, action: Action) -> bool:
    """`may(Action.X)` in a template: whether the page's reader may do X (domain/actors.py MAY)."""
    actor = context.get("actor")
    return actor is not None and actor.may(action)


@pass_context
def _product_name(context: Any, item: Any) -> str:
    """A product's name in the page's language, Chinese when that name is missing: of a product,
    or of a row (a lot, a record, an order line, a certificate) that carries its names."""
    zh, ug, en = next(f for f in NAME_FIELDS if hasattr(item, f[0]))
    locale = context.get("locale", "zh_CN")
    return name_in(locale, getattr(item, zh), getattr(item, ug, ""), getattr(item, en, ""))


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
            labelled=labelled,
            quantity=format_quantity,
        )
        engine.engine.globals.update(may=_may, Action=Action)

    return TemplateConfig(directory=TEMPLATES, engine=JinjaTemplateEngine, engine_callback=filters)
