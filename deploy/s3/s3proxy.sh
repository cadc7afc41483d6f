#!/usr/bin/env bash
# An S3-compatible server on loopback (S3Proxy 4.1.0 from Maven Central, files under DATA_DIR), to
# try s3a:// results without a cloud account; deploy/src/test/java/io/bimtsweep/deploy/S3IT.java
# runs its object-store tests against it. Runs in the foreground until killed.
#
#   deploy/s3/s3proxy.sh DATA_DIR [PORT]      (default port 18333)
# Credentials (environment): S3PROXY_ACCESS_KEY (default bimt), S3PROXY_SECRET_KEY (default bimt-secret).
# Point S3A at it in core-site.xml (on the classpath via HADOOP_CONF_DIR, deploy/README.md):
#   fs.s3a.endpoint=http://127.0.0.1:PORT  fs.s3a.path.style.access=true  fs.s3a.endpoint.region=us-east-1
#   fs.s3a.access.key / fs.s3a.secret.key as above; buckets are folders of DATA_DIR.
set -euo pipefail
DATA="${1:?usage: s3proxy.sh DATA_DIR [PORT]}"
PORT="${2:-18333}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="$ROOT/deploy/s3"
CP_FILE="$ROOT/deploy/target/s3proxy/classpath"
if [[ -z "${JAVA_HOME:-}" ]]; then
  JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
fi
if [[ ! -f "$CP_FILE" || "$HERE/s3proxy-runtime/pom.xml" -nt "$CP_FILE" ]]; then
  echo "s3proxy: resolving S3Proxy 4.1.0's classpath (once)..." >&2
  mkdir -p "$(dirname "$CP_FILE")"
  mvn -q -B -f "$HERE/s3proxy-runtime/pom.xml" dependency:build-classpath -Dmdep.outputFile="$CP_FILE.tmp" >&2
  mv "$CP_FILE.tmp" "$CP_FILE"
fi
mkdir -p "$DATA"
DATA="$(cd "$DATA" && pwd)"
CONF="$(dirname "$CP_FILE")/s3proxy-$PORT.properties"   # holds the credential: owner-only
( umask 077; : > "$CONF" )
cat > "$CONF" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=${S3PROXY_ACCESS_KEY:-bimt}
s3proxy.credential=${S3PROXY_SECRET_KEY:-bimt-secret}
jclouds.provider=filesystem
jclouds.filesystem.basedir=$DATA
PROPS
# one process (exec): stopping it stops the server. logback.xml: warnings only (S3Proxy logs every request)
exec "$JAVA_HOME/bin/java" -Xmx256m -Dlogback.configurationFile="$HERE/logback.xml" -cp "$(cat "$CP_FILE")" \
  org.gaul.s3proxy.Main --properties "$CONF"
