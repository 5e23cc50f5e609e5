"""Per-resource routers, included by ``server.main.create_app``."""
