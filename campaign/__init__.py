"""Domain package of the 3·15 campaign command centre: schema, settings, imports, arithmetic, CLI."""
