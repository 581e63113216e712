"""Gunicorn settings for Chancery's app processes: `gunicorn -c deploy/gunicorn.conf.py chancery.wsgi`.

Everything comes from the environment (the same variables as the app; see chancery/settings.py):
  CHANCERY_BIND          address to listen on; default 127.0.0.1:8000 (the reverse proxy in front)
  CHANCERY_WEB_WORKERS   app processes; default 2 per core + 1
  CHANCERY_WEB_THREADS   threads per process; default 4 (requests wait on the database, not the CPU)
  CHANCERY_WEB_TIMEOUT   seconds a request may take before its process is replaced; default 60
  PROMETHEUS_MULTIPROC_DIR  folder for the processes' summed metrics; emptied here at start
"""

import multiprocessing
import os
import shutil
from pathlib import Path

bind = os.environ.get("CHANCERY_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("CHANCERY_WEB_WORKERS", 2 * multiprocessing.cpu_count() + 1))
worker_class = "gthread"
threads = int(os.environ.get("CHANCERY_WEB_THREADS", "4"))
timeout = int(os.environ.get("CHANCERY_WEB_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A process is replaced after this many requests (with jitter, so not all at once): memory stays steady
# whatever a long-lived process accumulates.
max_requests = 2000
max_requests_jitter = 200
# The app is loaded once in the master and shared by the processes it forks (copy on write; the settings'
# gc.freeze() keeps it shared).
preload_app = True
# The proxy on the same machine sets X-Forwarded-Proto; Django trusts it (SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("CHANCERY_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = None  # each request is logged by the app, as JSON with its id (chancery.ops.middleware)
errorlog = "-"
loglevel = os.environ.get("CHANCERY_LOG_LEVEL", "warning").lower()
proc_name = "chancery-web"


def on_starting(server):
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        Path(folder).mkdir(parents=True, exist_ok=True)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
