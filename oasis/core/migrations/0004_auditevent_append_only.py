"""On PostgreSQL, a trigger keeps the audit table append-only.

Every UPDATE and DELETE of a row is refused, except an UPDATE that only clears
`actor_id` (what deleting a user row does through `on_delete=SET_NULL`); the actor's
label stays. TRUNCATE fires no row trigger, so a test database can still be flushed.
Other databases have no such trigger; the application never changes an entry anyway.
"""

from django.db import migrations

FUNCTION = "core_auditevent_append_only"
TRIGGER = "core_auditevent_append_only"
TABLE = "core_auditevent"

CREATE = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL
       AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only: % of an entry refused', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER {TRIGGER}
    BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION {FUNCTION}();
"""

DROP = f"""
DROP TRIGGER IF EXISTS {TRIGGER} ON {TABLE};
DROP FUNCTION IF EXISTS {FUNCTION}();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_auditevent_actor_label")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
