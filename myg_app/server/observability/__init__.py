"""Seeing what happens: request ids, JSON logs with personal data masked, Prometheus metrics.

context.py (the request id of the running request) · logs.py (JSON formatter, masking filter,
uvicorn's logging) · metrics.py (the metrics and the loopback-only /metrics) · middleware.py
(one pure ASGI middleware: id, access log line, counters) · `install_observability(app)`.
"""
