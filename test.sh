#!/usr/bin/env bash
# Runs every test of Scorecard.Pipeline on a fresh machine: restores packages, installs Azurite (the Azure Storage
# emulator) from npm, starts it on 127.0.0.1 on free ports, runs `dotnet test`, stops Azurite and prints
# "N passed, N failed, N skipped". Extra arguments go to `dotnet test` (e.g. --filter FullyQualifiedName~Ingest).
set -euo pipefail
cd "$(dirname "$0")"
root="$(pwd)"
tools="$root/.tools"
results="$root/.artifacts/test-results"
azurite_version="3.37.0"

echo "==> dotnet restore"
dotnet restore Scorecard.Pipeline.sln

if [ ! -x "$tools/azurite/node_modules/.bin/azurite" ]; then
  echo "==> installing Azurite $azurite_version from npm into .tools/azurite"
  command -v npm >/dev/null || { echo "npm is required to install Azurite (apt-get install nodejs npm)" >&2; exit 1; }
  mkdir -p "$tools/azurite"
  npm install --no-audit --no-fund --loglevel=error --prefix "$tools/azurite" "azurite@$azurite_version" >/dev/null
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
blob_port=$(free_port); queue_port=$(free_port); table_port=$(free_port)
mkdir -p "$tools/azurite-data"
azurite_log="$tools/azurite.log"
echo "==> starting Azurite on 127.0.0.1 (blob $blob_port, queue $queue_port)"
"$tools/azurite/node_modules/.bin/azurite" \
  --blobHost 127.0.0.1 --blobPort "$blob_port" \
  --queueHost 127.0.0.1 --queuePort "$queue_port" \
  --tableHost 127.0.0.1 --tablePort "$table_port" \
  --location "$tools/azurite-data" --inMemoryPersistence \
  --skipApiVersionCheck --loose --silent >"$azurite_log" 2>&1 &
azurite_pid=$!
trap 'kill $azurite_pid 2>/dev/null || true; wait $azurite_pid 2>/dev/null || true' EXIT

for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$blob_port") 2>/dev/null; then break; fi
  if ! kill -0 $azurite_pid 2>/dev/null; then echo "Azurite exited; its log:" >&2; tail -20 "$azurite_log" >&2; exit 1; fi
  sleep 0.2
done
(exec 3<>"/dev/tcp/127.0.0.1/$blob_port") 2>/dev/null || { echo "Azurite did not start within 20 s; its log:" >&2; tail -20 "$azurite_log" >&2; exit 1; }

# The account name and key are Azurite's documented development defaults, not a secret.
account=devstoreaccount1
key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
export SCORECARD_TEST_AZURITE="DefaultEndpointsProtocol=http;AccountName=$account;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob_port/$account;QueueEndpoint=http://127.0.0.1:$queue_port/$account;"

echo "==> dotnet test"
rm -rf "$results"
set +e
dotnet test Scorecard.Pipeline.sln -c Release --no-restore \
  --logger "trx;LogFilePrefix=results" --logger "console;verbosity=normal" \
  --results-directory "$results" "$@"
test_exit=$?
set -e

summary=$(python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    counters = ET.parse(path).getroot().find(".//{*}ResultSummary/{*}Counters")
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    skipped += int(counters.get("notExecuted", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
)
echo
echo "$summary"
if [ "$test_exit" -ne 0 ] || [[ "$summary" != *" 0 failed"* ]] || [[ "$summary" == "0 passed"* ]]; then
  exit 1
fi
