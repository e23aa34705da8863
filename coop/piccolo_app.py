"""The one Piccolo app: coop's tables and migrations."""

import os

from piccolo.conf.apps import AppConfig

from coop.tables import ALL_TABLES

APP_CONFIG = AppConfig(
    app_name="coop",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=list(ALL_TABLES),
    migration_dependencies=[],
    commands=[],
)
