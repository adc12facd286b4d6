#!/usr/bin/env bash
# Provides the two Temporal servers the tests and `npm start` use, without internet:
#   $CACHE/bin/temporal              Temporal CLI (dev server: real server on SQLite + Web UI)
#   $CACHE/bin/temporal-test-server  wrapper exec'ing the Java time-skipping test server
# CACHE = ${USAGE_BILLING_CACHE:-$HOME/.cache/usage-billing}
#
# Idempotent and cached: a warm run takes well under a second. Quiet on success apart from
# one line per component saying where it came from. Resolution order for each component:
#   temporal:             $TEMPORAL_CLI_PATH, `temporal` on PATH, cache, `go install`, SDK download
#   temporal-test-server: $TEMPORAL_TEST_SERVER_PATH, cache, Maven (+ java), SDK download
# "SDK download" means: nothing is installed and @temporalio/testing downloads the server at
# first use, which only works on a machine with internet access.
set -euo pipefail

TEMPORAL_CLI_MODULE="github.com/temporalio/cli/cmd/temporal"
TEMPORAL_CLI_VERSION="v1.5.1" # newest tag without `replace` directives: v1.6.0+ fail `go install`
TEST_SERVER_GROUP="io.temporal"
TEST_SERVER_ARTIFACT="temporal-test-server"
TEST_SERVER_VERSION="1.38.0"
TEST_SERVER_MAIN="io.temporal.testserver.TestServer"

CACHE="${USAGE_BILLING_CACHE:-$HOME/.cache/usage-billing}"
BIN="$CACHE/bin"
mkdir -p "$BIN"
CACHE="$(cd "$CACHE" && pwd -P)" # absolute, so generated wrappers work from any directory
BIN="$CACHE/bin"

say() { printf '%s\n' "$*"; }
warn() { printf 'setup.sh: %s\n' "$*" >&2; }
die() {
  warn "$*"
  exit 1
}

# Serialise concurrent runs (e.g. two terminals) so two builds never race on one cache.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE/.setup.lock"
  flock 9
fi

# Remove a dangling symlink (its target was deleted), so a stale entry never counts as cached.
drop_dangling() { if [[ -L "$1" && ! -e "$1" ]]; then rm -f "$1"; fi; }

# Point $2 at executable $1 with a symlink (external binaries may be upgraded in place).
link_to() { ln -sfn "$1" "$2"; }

find_tool() { # find_tool NAME [fallback absolute paths...]
  local name="$1" p
  shift
  if p="$(command -v "$name" 2>/dev/null)" && [[ -x "$p" ]]; then
    printf '%s\n' "$p"
    return 0
  fi
  for p in "$@"; do
    if [[ -x "$p" ]]; then
      printf '%s\n' "$p"
      return 0
    fi
  done
  return 1
}

# ---------------------------------------------------------------------------------------------
# 1. Temporal CLI (dev server)
# ---------------------------------------------------------------------------------------------
setup_temporal_cli() {
  local dest="$BIN/temporal" src="" origin="" p go gobin log
  drop_dangling "$dest"

  if [[ -n "${TEMPORAL_CLI_PATH:-}" ]]; then
    if [[ -x "$TEMPORAL_CLI_PATH" && ! -d "$TEMPORAL_CLI_PATH" ]]; then
      src="$TEMPORAL_CLI_PATH"
      origin="\$TEMPORAL_CLI_PATH"
    else
      warn "TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH is not an executable file; ignoring it"
    fi
  fi

  if [[ -z "$src" ]] && p="$(command -v temporal 2>/dev/null)" && [[ -x "$p" ]]; then
    # Ignore our own cache entry when $CACHE/bin happens to be on PATH.
    if [[ "$(readlink -f "$(dirname "$p")")" != "$(readlink -f "$BIN")" ]]; then
      src="$p"
      origin="PATH"
    fi
  fi

  if [[ -n "$src" ]]; then
    link_to "$src" "$dest"
  elif [[ -x "$dest" ]]; then
    origin="cache"
    if [[ -L "$dest" ]]; then origin="cache (symlink to $(readlink "$dest"))"; fi
  else
    gobin="$CACHE/gopath/bin/temporal"
    if [[ -x "$gobin" ]]; then
      origin="cache (earlier go install of $TEMPORAL_CLI_VERSION)"
    elif go="$(find_tool go /usr/local/go/bin/go)"; then
      log="$CACHE/go-install.log"
      say "temporal: building $TEMPORAL_CLI_MODULE@$TEMPORAL_CLI_VERSION with $("$go" env GOVERSION) (~200 s and ~3.5 GB of caches when cold; log: $log)"
      if ! GOPATH="$CACHE/gopath" GOFLAGS=-modcacherw GOBIN="$CACHE/gopath/bin" \
        "$go" install "$TEMPORAL_CLI_MODULE@$TEMPORAL_CLI_VERSION" >"$log" 2>&1; then
        tail -n 30 "$log" >&2 || true
        die "go install of the Temporal CLI failed (full log: $log)"
      fi
      [[ -x "$gobin" ]] || die "go install succeeded but $gobin is missing"
      origin="built with go install $TEMPORAL_CLI_MODULE@$TEMPORAL_CLI_VERSION"
    else
      say "temporal: not installed (no \$TEMPORAL_CLI_PATH, no temporal on PATH, no cache, no go): the Temporal SDK will download the dev server at first use (needs internet)"
      return 0
    fi
    # Hard link (same file system, no copy of 250 MB), so deleting $CACHE/gopath to reclaim its
    # ~2 GB keeps the binary; fall back to a copy.
    ln -f "$gobin" "$dest" 2>/dev/null || cp -f "$gobin" "$dest"
  fi

  local version
  if ! version="$("$dest" --version 2>&1)"; then
    printf '%s\n' "$version" >&2
    die "$dest --version failed"
  fi
  say "temporal: $dest <- $origin${src:+ ($src)} [${version#temporal version }]"
}

# ---------------------------------------------------------------------------------------------
# 2. Time-skipping test server (Java)
# ---------------------------------------------------------------------------------------------
TS_DIR="$CACHE/test-server"
TS_CP="$TS_DIR/cp.txt"

classpath_ok() { # cp.txt exists, is non-empty, and every jar on it exists
  local jar
  [[ -s "$TS_CP" ]] || return 1
  local -a jars
  IFS=':' read -r -a jars <"$TS_CP"
  ((${#jars[@]} > 0)) || return 1
  for jar in "${jars[@]}"; do
    [[ -f "$jar" ]] || return 1
  done
  grep -q "$TEST_SERVER_ARTIFACT-$TEST_SERVER_VERSION.jar" "$TS_CP"
}

write_test_server_wrapper() { # write_test_server_wrapper JAVA_PATH
  local tmp="$BIN/.temporal-test-server.$$"
  cat >"$tmp" <<EOF
#!/usr/bin/env bash
# Generated by scripts/setup.sh: $TEST_SERVER_GROUP:$TEST_SERVER_ARTIFACT:$TEST_SERVER_VERSION.
# Usage: temporal-test-server <port>   (the Temporal SDK passes only the port).
# exec, so the SDK's SIGKILL at teardown reaches the JVM itself.
exec "$1" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "\$(cat "$TS_CP")" $TEST_SERVER_MAIN "\$@"
EOF
  chmod +x "$tmp"
  mv -f "$tmp" "$BIN/temporal-test-server"
}

# Start the wrapper on a free port, wait until it listens, then stop it.
smoke_test_test_server() {
  local port pid i
  port="$(free_port)"
  "$BIN/temporal-test-server" "$port" >"$TS_DIR/smoke.log" 2>&1 &
  pid=$!
  for ((i = 0; i < 300; i++)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  tail -n 30 "$TS_DIR/smoke.log" >&2 || true
  return 1
}

free_port() {
  if command -v node >/dev/null 2>&1; then
    node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
  else
    python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'
  fi
}

setup_test_server() {
  local dest="$BIN/temporal-test-server" java mvn log
  drop_dangling "$dest"

  if [[ -n "${TEMPORAL_TEST_SERVER_PATH:-}" ]]; then
    if [[ -x "$TEMPORAL_TEST_SERVER_PATH" && ! -d "$TEMPORAL_TEST_SERVER_PATH" ]]; then
      link_to "$TEMPORAL_TEST_SERVER_PATH" "$dest"
      say "temporal-test-server: $dest <- \$TEMPORAL_TEST_SERVER_PATH ($TEMPORAL_TEST_SERVER_PATH)"
      return 0
    fi
    warn "TEMPORAL_TEST_SERVER_PATH=$TEMPORAL_TEST_SERVER_PATH is not an executable file; ignoring it"
  fi

  # A symlink left over from an earlier $TEMPORAL_TEST_SERVER_PATH is not ours to keep.
  if [[ -L "$dest" ]]; then rm -f "$dest"; fi

  java="$(find_tool java)" || java=""

  if classpath_ok && [[ -n "$java" ]]; then
    # Regenerate the (tiny) wrapper only when missing or when java moved.
    if [[ ! -x "$dest" ]] || ! grep -qF "exec \"$java\" " "$dest"; then
      write_test_server_wrapper "$java"
    fi
    say "temporal-test-server: $dest <- cache (Maven $TEST_SERVER_GROUP:$TEST_SERVER_ARTIFACT:$TEST_SERVER_VERSION)"
    return 0
  fi

  if [[ -z "$java" ]] || ! mvn="$(find_tool mvn)"; then
    rm -f "$dest"
    say "temporal-test-server: not installed (no \$TEMPORAL_TEST_SERVER_PATH, no cache, no java+mvn): the Temporal SDK will download the test server at first use (needs internet)"
    return 0
  fi

  mkdir -p "$TS_DIR"
  cat >"$TS_DIR/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by scripts/setup.sh: only used to resolve the test server's classpath. -->
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 http://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.usage-billing</groupId>
  <artifactId>temporal-test-server-classpath</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>$TEST_SERVER_GROUP</groupId>
      <artifactId>$TEST_SERVER_ARTIFACT</artifactId>
      <version>$TEST_SERVER_VERSION</version>
    </dependency>
  </dependencies>
</project>
EOF
  log="$TS_DIR/mvn.log"
  rm -f "$TS_CP"
  if ! (cd "$TS_DIR" && "$mvn" -q -B -f pom.xml dependency:build-classpath \
    -Dmdep.outputFile=cp.txt -Dmdep.includeScope=runtime) >"$log" 2>&1; then
    tail -n 30 "$log" >&2 || true
    die "Maven could not resolve $TEST_SERVER_GROUP:$TEST_SERVER_ARTIFACT:$TEST_SERVER_VERSION (log: $log)"
  fi
  classpath_ok || die "Maven wrote no usable classpath to $TS_CP (log: $log)"
  write_test_server_wrapper "$java"
  smoke_test_test_server || die "$dest did not start listening within 30 s (log: $TS_DIR/smoke.log)"
  say "temporal-test-server: $dest <- resolved with Maven ($TEST_SERVER_GROUP:$TEST_SERVER_ARTIFACT:$TEST_SERVER_VERSION, classpath $TS_CP)"
}

setup_temporal_cli
setup_test_server
