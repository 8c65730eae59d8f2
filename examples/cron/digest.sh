#!/bin/sh
# Every active rep's daily digest (`salescli remind`), mailed to the rep or written to a
# file. Meant for cron; see the crontab beside this script.
#
#   SALESCLI      the salescli to run (default: the one on PATH; under cron give the
#                 virtualenv's full path, e.g. /opt/salescli/.venv/bin/salescli)
#   DIGEST_DIR    write each digest to DIGEST_DIR/HANDLE-YYYY-MM-DD.txt instead of mailing
#   MAIL_COMMAND  the mail program (default: mail), run as: MAIL_COMMAND -s SUBJECT ADDRESS
#   SALESCLI_DB, SALESCLI_TODAY, ...  as for salescli itself
#
# A rep with nothing due gets no mail and no file; a rep without an email address is
# skipped with a warning when mailing. Exit status 1 if any rep's digest failed.
set -u
umask 077  # digests hold customers' names and phone numbers: readable by their owner only

SALESCLI=${SALESCLI:-salescli}
MAIL_COMMAND=${MAIL_COMMAND:-mail}
DIGEST_DIR=${DIGEST_DIR:-}
# The Python beside salescli reads the rep list's JSON (no jq needed).
# A pipx or ~/.local/bin salescli is a link: the venv is where it points.
case "$SALESCLI" in
    */*) found=$SALESCLI ;;
    *) found=$(command -v "$SALESCLI") ;;
esac
found=$(readlink -f "$found" 2>/dev/null || printf '%s' "$found")
PYTHON=$(dirname "$found")/python
[ -x "$PYTHON" ] || PYTHON=python3
today=${SALESCLI_TODAY:-$(date +%F)}
status=0

listed=$("$SALESCLI" rep list --active --json) || exit 1  # salescli said why on stderr
reps=$(printf '%s\n' "$listed" | "$PYTHON" -c '
import json, sys
for rep in json.load(sys.stdin):
    print(rep["handle"], rep["email"] or "-")
') || exit 1

if [ -n "$DIGEST_DIR" ]; then
    mkdir -p "$DIGEST_DIR" || exit 1
fi

while read -r handle email; do
    [ -n "$handle" ] || continue
    if ! digest=$("$SALESCLI" remind --owner "$handle" --quiet); then
        echo "digest.sh: the digest of $handle failed" >&2
        status=1
        continue
    fi
    [ -n "$digest" ] || continue  # nothing due
    if [ -n "$DIGEST_DIR" ]; then
        printf '%s\n' "$digest" > "$DIGEST_DIR/$handle-$today.txt" || status=1
    elif [ "$email" = "-" ]; then
        echo "digest.sh: $handle has no email address (salescli rep edit $handle --email ...)" >&2
    else
        printf '%s\n' "$digest" | $MAIL_COMMAND -s "salescli: what is due on $today" "$email" || status=1
    fi
done <<END
$reps
END
exit $status
