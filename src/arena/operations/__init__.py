"""Running Arena: health and readiness probes, backup and restore."""
