"""The rehearsal's nginx configuration: ``deploy/nginx/labsite.conf`` on loopback."""

import os
from pathlib import Path

from rehearsal.config import HOST


def nginx_config(port: int, upstreams: list[int], root: Path, cert: Path, key: Path) -> str:
    """deploy/nginx/labsite.conf on loopback: the same upstream, proxy and TLS
    directives; a free port instead of 443 (so ``Host`` is ``$http_host``, which
    keeps the port), a self-signed certificate, no port-80 server, and files
    under the rehearsal's directory."""
    servers = "\n".join(f"        server {HOST}:{p} max_fails=1 fail_timeout=10s;" for p in upstreams)
    user = "user nobody nogroup;" if os.geteuid() == 0 else ""
    temp = root / "temp"
    return f"""{user}
worker_processes 1;
daemon off;
pid {root}/nginx.pid;
error_log {root}/logs/error.log warn;
events {{ worker_connections 256; }}
http {{
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    log_format labsite '$remote_addr [$time_iso8601] "$request" $status $body_bytes_sent $request_time '
                       'upstream=$upstream_addr upstream_status=$upstream_status id=$request_id';
    access_log {root}/logs/access.log labsite;
    server_tokens off;

    upstream labsite {{
{servers}
        keepalive 16;
    }}

{_server(port, cert, key)}
}}
"""


def _server(port: int, cert: Path, key: Path) -> str:
    """The HTTPS server block, its TLS directives and its proxying to the upstream."""
    return f"""    server {{
        listen {HOST}:{port} ssl http2;
        server_name _;
        ssl_certificate {cert};
        ssl_certificate_key {key};
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_session_cache shared:labsite:10m;
        ssl_session_timeout 1d;

        client_max_body_size 10m;
        client_header_timeout 30s;
        client_body_timeout 30s;
        send_timeout 30s;
        keepalive_timeout 65s;

        location = /metrics {{
            deny all;
        }}

        location / {{
            proxy_pass http://labsite;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header X-Request-ID $request_id;
            proxy_redirect off;
            proxy_connect_timeout 5s;
            proxy_send_timeout 30s;
            proxy_read_timeout 70s;
            proxy_next_upstream error timeout;
            proxy_next_upstream_tries 2;
            proxy_next_upstream_timeout 15s;
        }}
    }}"""
