#!/bin/bash
# S3Proxy on S3_HOST:S3_PORT with one access key; the bucket S3_BUCKET exists from the start.
set -euo pipefail
host=${S3_HOST:-127.0.0.1}
port=${S3_PORT:-9000}
: "${S3_ACCESS_KEY:?S3_ACCESS_KEY is not set}" "${S3_SECRET_KEY:?S3_SECRET_KEY is not set}"
data=/var/lib/s3proxy
mkdir -p "$data/${S3_BUCKET:-recoverybench}"
cat > /tmp/s3proxy.properties <<PROPS
s3proxy.endpoint=http://$host:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3_ACCESS_KEY
s3proxy.credential=$S3_SECRET_KEY
jclouds.provider=filesystem
jclouds.filesystem.basedir=$data
PROPS
echo "s3proxy: serving bucket ${S3_BUCKET:-recoverybench} at http://$host:$port"
exec java -Xmx384m -XX:+UseSerialGC -cp "/opt/s3proxy/lib/*" org.gaul.s3proxy.Main --properties /tmp/s3proxy.properties
