# Sourced by scripts/serve and scripts/test, after _env.sh (which has cd'ed to the project root).
# The web page's packages: `npm ci` in web/ when web/node_modules is missing or older than
# web/package-lock.json. For the tests also the browser: Debian's chromium, installed with apt
# when /usr/bin/chromium is missing (Playwright drives it; no browser is downloaded otherwise).

_web_stamp=web/node_modules/.crmkg-installed
if [ ! -f "$_web_stamp" ] || [ web/package-lock.json -nt "$_web_stamp" ]; then
    if ! command -v npm >/dev/null 2>&1; then
        echo "error: npm is needed to install the web page's packages (web/package.json); install Node.js and npm." >&2
        exit 1
    fi
    echo "Installing the web page's packages (npm ci in web/)..." >&2
    (cd web && npm ci --no-audit --no-fund --loglevel=error >&2)
    touch "$_web_stamp"
fi
unset _web_stamp

if [ "$(basename "$0")" = "test" ] && [ ! -x /usr/bin/chromium ]; then
    echo "Installing Debian's chromium for the browser tests (apt-get)..." >&2
    _apt=""
    if [ "$(id -u)" -ne 0 ]; then
        _apt="sudo"
    fi
    if $_apt apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive $_apt apt-get install -y -q chromium >&2; then
        :
    else
        echo "warning: could not install chromium; the browser tests will fail and say why." >&2
    fi
    unset _apt
fi
