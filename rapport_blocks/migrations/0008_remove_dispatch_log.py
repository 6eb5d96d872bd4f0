"""The dispatch log's tables, copied into the outbox by 0007, are dropped.

A migration of its own: on PostgreSQL, rows written in a transaction leave trigger events
pending that a DROP TABLE in the same transaction would refuse.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("rapport_blocks", "0007_outbox"),
    ]

    operations = [
        migrations.DeleteModel(name="DispatchRecipient"),
        migrations.DeleteModel(name="Dispatch"),
    ]
