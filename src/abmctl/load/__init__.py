"""Reading: the registry's YAML files, activity exports, and where each value came from."""
