from django.dispatch import Signal

# Sent by `load_demo` once the demo content is in, with `home` (the HomePage) and `stdout`:
# apps of a higher layer add their own demo data (newsroom: one account per role) without
# home naming them.
demo_loaded = Signal()
