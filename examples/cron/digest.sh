#!/bin/sh
# Every active rep's daily digest (`salescli remind`), mailed to the rep or written to a
# file. Meant for cron; see the crontab beside this script.
#
#   SALESCLI      the salescli to run (default: the one on PATH; under cron give the
#                 virtualenv's full path, e.g. /opt/salescli/.venv/bin/salescli)
#   DIGEST_DIR    write each digest to DIGEST_DIR/HANDLE-YYYY-MM-DD.txt instead of mailing
#   MAIL_COMMAND  the mail program (default: mail), run as: MAIL_COMMAND -s SUBJECT -- ADDRESS
#   SALESCLI_DB, SALESCLI_TODAY, ...  as for salescli itself
#
# A rep with nothing due gets no mail and no file; a rep without an email address is
# skipped with a warning when mailing, and so is one whose address is not one plain
# address (exit status 1). Exit status 1 if any rep's digest failed.
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
# One line per rep: the handle and one plain address, or "-". An address that is not one
# plain address (a book written by an older salescli or by hand) is never passed on: a
# newline or comma in it would mail this rep's digest to someone else, and a leading '-'
# is an option to the mail program.
reps=$(printf '%s\n' "$listed" | "$PYTHON" -c '
import json, re, sys
plain = re.compile(r"[^-\s@,;<>\"\\\x00-\x1f\x7f][^\s@,;<>\"\\\x00-\x1f\x7f]*@[^\s@,;<>\"\\\x00-\x1f\x7f]+")
for rep in json.load(sys.stdin):
    email = rep["email"] or "-"
    if email != "-" and not plain.fullmatch(email):
        print("digest.sh:", rep["handle"] + ":", repr(email), "is not one email address; not mailed", file=sys.stderr)
        email = "!"
    print(rep["handle"], email)
') || exit 1

if [ -n "$DIGEST_DIR" ]; then
    mkdir -p "$DIGEST_DIR" || exit 1
fi

# A digest goes to a new private file beside its target, then is renamed over it: a link
# planted at the target is replaced, never written through.
write_digest() {
    temporary=$(mktemp "$DIGEST_DIR/.digest.XXXXXX") || return 1
    if printf '%s\n' "$1" > "$temporary" && mv -f -- "$temporary" "$2"; then
        return 0
    fi
    rm -f -- "$temporary"
    return 1
}

while read -r handle email; do
    [ -n "$handle" ] || continue
    if ! digest=$("$SALESCLI" remind --owner "$handle" --quiet); then
        echo "digest.sh: the digest of $handle failed" >&2
        status=1
        continue
    fi
    [ -n "$digest" ] || continue  # nothing due
    if [ -n "$DIGEST_DIR" ]; then
        write_digest "$digest" "$DIGEST_DIR/$handle-$today.txt" || status=1
    elif [ "$email" = "-" ]; then
        echo "digest.sh: $handle has no email address (salescli rep edit $handle --email ...)" >&2
    elif [ "$email" = "!" ]; then
        status=1  # said above
    else
        # -- ends the options: whatever the address, it is never read as one.
        printf '%s\n' "$digest" | $MAIL_COMMAND -s "salescli: what is due on $today" -- "$email" || status=1
    fi
done <<END
$reps
END
exit $status
