"""Gunicorn for one Oasis web node: `gunicorn -c deploy/gunicorn.conf.py`.

Every value comes from the environment, so the same file serves production (systemd
units in deploy/systemd/) and the multi-node test (tests/integration/).
"""

import multiprocessing
import os

wsgi_app = "oasis.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(
    os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 9))
)
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# A request that takes longer is a bug or an attack; nginx waits a little longer.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Workers are recycled now and then, so a slow leak cannot grow forever.
max_requests = 2000
max_requests_jitter = 200
# Only the load balancer may say who the client is and whether it used HTTPS.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proxy_allow_ips = forwarded_allow_ips
# Heartbeat files: production points this at /dev/shm (memory), not a slow disk.
worker_tmp_dir = os.environ.get("GUNICORN_TMP_DIR") or None
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms request_id=%({x-request-id}i)s'
pidfile = os.environ.get("GUNICORN_PID_FILE") or None
proc_name = os.environ.get("GUNICORN_NAME", "oasis-web")
