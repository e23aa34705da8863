"""Piccolo's configuration: the engine named by COOP_DATABASE_URL, and the app registry.

coop.db.migrate() replaces DB with the engine it migrates (through Piccolo's Finder, so coop.db
never imports this module).
"""

from piccolo.conf.apps import AppRegistry

from coop.db import engine_for
from coop.settings import Settings

DB = engine_for(Settings.from_env().database_url)

# piccolo_admin's sign-in (BaseUser) and sessions live in Piccolo's own apps' tables.
APP_REGISTRY = AppRegistry(
    apps=[
        "coop.piccolo_app",
        "piccolo.apps.user.piccolo_app",
        "piccolo_api.session_auth.piccolo_app",
    ]
)
