"""Per-user notices. Any domain calls `service.notify(...)` inside its own transaction, so a
notice exists exactly when the change it reports was committed."""
