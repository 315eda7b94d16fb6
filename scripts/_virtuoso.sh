# Sourced by scripts/test after _env.sh: Virtuoso Open Source for tests/test_external_stores.py.
# Only the binaries (virtuoso-t, isql-vt): the full virtuoso-opensource package's set-up asks for
# a DBA password and starts a system-wide server on ports 1111 and 8890; the tests start their
# own, on loopback ports of their own, in a temporary folder.
if ! command -v virtuoso-t >/dev/null || ! command -v isql-vt >/dev/null; then
    echo "Installing Virtuoso Open Source (Debian virtuoso-opensource-7-bin) for the tests..." >&2
    _as_root=""
    [ "$(id -u)" -eq 0 ] || _as_root="sudo"
    if $_as_root apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $_as_root \
        apt-get install -y -qq --no-install-recommends virtuoso-opensource-7-bin >&2; then
        :
    else
        echo "warning: could not install Virtuoso; tests/test_external_stores.py will fail and say why." >&2
    fi
    unset _as_root
fi
