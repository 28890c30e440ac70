#!/usr/bin/env bash
# The YARN test tier's bin/yarn-session.sh: as a Flink distribution's, FlinkYarnSessionCli with the dist jar (-j) and
# the same environment and classpath as bin/flink.
set -euo pipefail
FLINK_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export FLINK_HOME
export FLINK_CONF_DIR="${FLINK_CONF_DIR:-$FLINK_HOME/conf}"
export FLINK_LIB_DIR="$FLINK_HOME/lib" FLINK_PLUGINS_DIR="$FLINK_HOME/plugins" FLINK_OPT_DIR="$FLINK_HOME/opt" FLINK_BIN_DIR="$FLINK_HOME/bin"
mkdir -p "$FLINK_HOME/log"
cp=""
for jar in "$FLINK_LIB_DIR"/*.jar; do cp="$cp$jar:"; done
cp="$cp${HADOOP_CLASSPATH:-}:${HADOOP_CONF_DIR:-}:${YARN_CONF_DIR:-}"
dist=("$FLINK_LIB_DIR"/flink-dist*.jar)
opens=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED)
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx512m "${opens[@]}" \
  -Dlog.file="$FLINK_HOME/log/flink-yarn-session.log" -Dlog4j.configurationFile="file:$FLINK_CONF_DIR/log4j-cli.properties" \
  -classpath "$cp" org.apache.flink.yarn.cli.FlinkYarnSessionCli -j "${dist[0]}" "$@"
