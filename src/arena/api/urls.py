from arena.api.v1 import build_api

api = build_api()
