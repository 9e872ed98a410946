#!/usr/bin/env bash
# Restores, starts a throwaway Azurite on free ports, runs every test against it and prints one summary line:
#   N passed, N failed, N skipped
# Extra arguments go to `dotnet test`, e.g. ./test.sh --filter "FullyQualifiedName~Storage".
# Needs the .NET SDK from global.json and Node.js/npm (for Azurite, installed into .tools/azurite on first run);
# installs Debian's chromium (headless-browser export tests) and shellcheck (infra hook test) when missing, as root,
# and the independent readers the export tests use (Debian's python3-openpyxl as root; ExcelJS and hyparquet from npm
# into .tools/readers).
set -euo pipefail

cd "$(dirname "$0")"
repo_root="$(pwd)"

azurite_version="3.37.0"
azurite_dir="$repo_root/.tools/azurite"
azurite_bin="$azurite_dir/node_modules/.bin/azurite"
azurite_log="$repo_root/.tools/azurite.log"
results_dir="$repo_root/.artifacts/test-results"
# The well-known, public Azurite development account (documented by Microsoft; not a secret).
dev_account="devstoreaccount1"
dev_key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

fail() {
    echo "test.sh: $*" >&2
    exit 1
}

azurite_pid=""
stop_azurite() {
    if [[ -n "$azurite_pid" ]] && kill -0 "$azurite_pid" 2>/dev/null; then
        kill "$azurite_pid" 2>/dev/null || true
        wait "$azurite_pid" 2>/dev/null || true
    fi
    azurite_pid=""
}
trap stop_azurite EXIT

# 1. Restore.
dotnet restore Scorecard.Pipeline.sln

# 1b. Debian packages some tests need, installed quietly when missing and we may (as root); without one, the tests
#     that need it are skipped with a reason, never failed: chromium (headless-browser export tests), python3-openpyxl
#     (an independent reader of the workbook) and shellcheck (the azd deploy hook).
apt_updated=0
install_debian_package() { # <package> <what it is for>
    if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing $1 (Debian package) for $2 ..."
        if ((apt_updated == 0)); then apt-get update -qq >/dev/null 2>&1 && apt_updated=1; fi
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$1" >/dev/null 2>&1 \
            || echo "test.sh: could not install $1; the tests for $2 will be skipped." >&2
    else
        echo "test.sh: $1 not found and not root to install it; the tests for $2 will be skipped." >&2
    fi
}
command -v chromium >/dev/null 2>&1 || install_debian_package chromium "the headless-browser exports"
/usr/bin/python3 -c "import openpyxl" >/dev/null 2>&1 || install_debian_package python3-openpyxl "the openpyxl workbook reader"
command -v shellcheck >/dev/null 2>&1 || install_debian_package shellcheck "the infra deploy hook"

# 1c. Independent readers from npm, pinned, installed into .tools/readers: ExcelJS (workbooks) and hyparquet (Parquet).
readers_dir="$repo_root/.tools/readers"
readers_packages=("exceljs@4.4.0" "hyparquet@1.31.5")
readers_ok=1
for package in "${readers_packages[@]}"; do
    name="${package%@*}"
    version="${package##*@}"
    have="$(node -p "require('$readers_dir/node_modules/$name/package.json').version" 2>/dev/null || true)"
    [[ "$have" == "$version" ]] || readers_ok=0
done
if ((readers_ok == 0)); then
    echo "Installing ${readers_packages[*]} into .tools/readers ..."
    npm install --no-audit --no-fund --save-exact --prefix "$readers_dir" "${readers_packages[@]}" >/dev/null \
        || echo "test.sh: could not install ${readers_packages[*]}; the ExcelJS and hyparquet reader tests will be skipped." >&2
fi
export SCORECARD_TEST_READERS="$readers_dir"

# 2. Azurite, pinned, installed locally (not globally) when missing or a different version.
command -v node >/dev/null || fail "Node.js is required to run Azurite (node not found on PATH)."
command -v npm >/dev/null || fail "npm is required to install Azurite (npm not found on PATH)."
installed_version=""
if [[ -x "$azurite_bin" ]]; then
    installed_version="$(node -p "require('$azurite_dir/node_modules/azurite/package.json').version" 2>/dev/null || true)"
fi
if [[ "$installed_version" != "$azurite_version" ]]; then
    echo "Installing Azurite $azurite_version into .tools/azurite ..."
    npm install --no-audit --no-fund --prefix "$azurite_dir" "azurite@$azurite_version"
fi

# 3. Three free ports (asked of the OS all at once, so they differ), then start Azurite and wait for the blob port.
read -r blob_port queue_port table_port < <(node -e '
    const net = require("net");
    const servers = [0, 1, 2].map(() => net.createServer());
    let ready = 0;
    for (const server of servers) {
        server.listen(0, "127.0.0.1", () => {
            if (++ready === servers.length) {
                console.log(servers.map(s => s.address().port).join(" "));
                servers.forEach(s => s.close());
            }
        });
    }')
[[ -n "${table_port:-}" ]] || fail "could not find free ports for Azurite."

"$azurite_bin" \
    --blobHost 127.0.0.1 --blobPort "$blob_port" \
    --queueHost 127.0.0.1 --queuePort "$queue_port" \
    --tableHost 127.0.0.1 --tablePort "$table_port" \
    --inMemoryPersistence --skipApiVersionCheck --loose --silent \
    >"$azurite_log" 2>&1 &
azurite_pid=$!

deadline=$((SECONDS + 60))
until (exec 3<>"/dev/tcp/127.0.0.1/$blob_port") 2>/dev/null; do
    if ! kill -0 "$azurite_pid" 2>/dev/null; then
        echo "--- last lines of $azurite_log ---" >&2
        tail -n 30 "$azurite_log" >&2 || true
        azurite_pid=""
        fail "Azurite exited before its blob port $blob_port accepted connections."
    fi
    if ((SECONDS >= deadline)); then
        echo "--- last lines of $azurite_log ---" >&2
        tail -n 30 "$azurite_log" >&2 || true
        fail "Azurite's blob port $blob_port did not accept connections within 60 seconds."
    fi
    sleep 0.5
done
echo "Azurite $azurite_version listening: blob $blob_port, queue $queue_port, table $table_port (log: .tools/azurite.log)"

# 4. Tell the tests where Azurite is.
export SCORECARD_TEST_AZURITE="DefaultEndpointsProtocol=http;AccountName=$dev_account;AccountKey=$dev_key;BlobEndpoint=http://127.0.0.1:$blob_port/$dev_account;QueueEndpoint=http://127.0.0.1:$queue_port/$dev_account;"

# 5. Test. Old results go first so the summary counts this run only.
rm -rf "$results_dir"
test_exit=0
dotnet test Scorecard.Pipeline.sln -c Release --no-restore \
    --logger "trx;LogFilePrefix=results" \
    --logger "console;verbosity=normal" \
    --results-directory "$results_dir" \
    "$@" || test_exit=$?

# 6. Stop Azurite now (the EXIT trap is the safety net), so nothing prints after the summary.
stop_azurite

# 7. Count outcomes over every .trx file: Passed, NotExecuted (skipped), and anything else counts as failed.
passed=0
failed=0
skipped=0
trx_files=0
while IFS= read -r -d '' trx; do
    trx_files=$((trx_files + 1))
    while IFS= read -r outcome; do
        case "$outcome" in
            Passed) passed=$((passed + 1)) ;;
            NotExecuted) skipped=$((skipped + 1)) ;;
            *) failed=$((failed + 1)) ;;
        esac
    done < <(grep -o '<UnitTestResult [^>]*>' "$trx" | grep -o ' outcome="[A-Za-z]*"' | sed 's/ outcome="\(.*\)"/\1/' || true)
done < <(find "$results_dir" -name '*.trx' -print0 2>/dev/null)

if ((trx_files == 0)); then
    echo "test.sh: no .trx results under .artifacts/test-results (did the build fail?)" >&2
    if ((test_exit == 0)); then test_exit=1; fi
fi

echo "$passed passed, $failed failed, $skipped skipped"
if ((failed > 0 || test_exit != 0)); then
    exit 1
fi
