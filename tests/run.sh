#!/usr/bin/env bash
# Run the test suite: tests/run.sh [pytest arguments...]
#
# With dbus-run-session and gnome-keyring-daemon installed (Debian: dbus, gnome-keyring),
# the run happens inside a private D-Bus session with an unlocked gnome-keyring, and with
# HOME and the XDG directories in a temporary directory, so the secret_service tests talk
# to a real Secret Service and nothing touches your own keyring or config. Without those
# tools pytest runs as is, and the secret_service tests skip; with
# OPSSL_REQUIRE_SECRET_SERVICE=1 (CI) they fail instead. Uses the python on PATH.
set -euo pipefail

python_bin=python
command -v "$python_bin" >/dev/null 2>&1 || python_bin=python3
self="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"

have() { command -v "$1" >/dev/null 2>&1; }

if [[ -z "${OPSSL_TEST_KEYRING_SESSION:-}" ]] && have dbus-run-session && have gnome-keyring-daemon; then
    # Outer run: make a throw-away home, then run this script again inside a new session bus.
    scratch="$(mktemp -d "${TMPDIR:-/tmp}/opssl-tests.XXXXXX")"
    trap 'rm -rf -- "$scratch"' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    for dir in home config data cache state runtime; do mkdir -p "$scratch/$dir"; done
    chmod 700 "$scratch/runtime"
    status=0
    # No DISPLAY: gnome-keyring must never pop up a GUI unlock prompt during the tests.
    env -u DISPLAY -u WAYLAND_DISPLAY \
        OPSSL_TEST_KEYRING_SESSION=1 \
        HOME="$scratch/home" \
        XDG_CONFIG_HOME="$scratch/config" \
        XDG_DATA_HOME="$scratch/data" \
        XDG_CACHE_HOME="$scratch/cache" \
        XDG_STATE_HOME="$scratch/state" \
        XDG_RUNTIME_DIR="$scratch/runtime" \
        dbus-run-session -- bash "$self" "$@" || status=$?
    exit "$status"
fi

if [[ "${OPSSL_TEST_KEYRING_SESSION:-}" == 1 && -n "${DBUS_SESSION_BUS_ADDRESS:-}" ]]; then
    # Inner run: an unlocked login keyring with only the Secret Service component. The
    # daemon runs in the foreground as our child, so we know its pid and stop it ourselves.
    log="$HOME/gnome-keyring.log"
    printf PASS | gnome-keyring-daemon --foreground --unlock --components=secrets >"$log" 2>&1 &
    daemon=$!
    trap 'kill "$daemon" 2>/dev/null || true; wait "$daemon" 2>/dev/null || true' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    control="$XDG_RUNTIME_DIR/keyring/control"
    for _ in $(seq 100); do
        [[ -S "$control" ]] && break
        kill -0 "$daemon" 2>/dev/null || break
        sleep 0.05
    done
    if [[ -S "$control" ]]; then
        # Initialise the running daemon and export what it prints (GNOME_KEYRING_CONTROL...).
        while IFS= read -r line; do
            [[ "$line" == *=* ]] && export "${line?}"
        done < <(gnome-keyring-daemon --start --components=secrets 2>>"$log")
    else
        echo "tests/run.sh: gnome-keyring-daemon did not start; see below." >&2
        cat "$log" >&2 || true
    fi
    status=0
    "$python_bin" -m pytest "$@" || status=$?
    exit "$status"
fi

exec "$python_bin" -m pytest "$@"
