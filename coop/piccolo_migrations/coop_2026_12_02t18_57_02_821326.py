"""Weigh-ins keep where the weight came from: typed, or the scale's raw frame and its name."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-02T18:57:02:821326"
VERSION = "1.38.0"
DESCRIPTION = "harvest_lot: weight_source, scale_reading, scale_device"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="coop", description=DESCRIPTION)

    manager.add_column(
        table_class_name="HarvestLot",
        tablename="harvest_lot",
        column_name="scale_device",
        db_column_name="scale_device",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 60,
            "default": "",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="HarvestLot",
        tablename="harvest_lot",
        column_name="scale_reading",
        db_column_name="scale_reading",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 40,
            "default": "",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="HarvestLot",
        tablename="harvest_lot",
        column_name="weight_source",
        db_column_name="weight_source",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 5,
            "default": "typed",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    return manager
