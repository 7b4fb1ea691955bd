#!/bin/sh
# Write tests/fixtures/store_v1.db .. store_v4.db: stores made by the oldest
# loket in the history (a55ccdf, schema 1), the last at schema 2 (9781ab6), the
# last before the case payload's associated data bound the case's clear columns
# (afb20d6, schema 3, whose payloads carry `loket/1/cases/<id>/payload`) and the
# one that brought schema 4 (b8a6bb8). Committed so every later
# version is tested to open, migrate, verify and keep every record of them
# (tests/storage/test_fixture_store_v1_v3.py). Never regenerate them in a later
# version: their point is who wrote them. All data is synthetic.
#
# Each old version is checked out on its own (`git worktree add --detach`) and
# run with this checkout's interpreter (its dependencies serve them all) from a
# directory outside the checkout (`python -m` puts the working directory first
# on sys.path), with the commands below, on 7 December 2026 (UTC). Passphrases:
# "fixtuur wachtwoord N" for store N; Argon2id 19 MiB, 2 passes, 1 lane (OWASP's
# floor), but store 3 with schema 3's default (64 MiB, 3 passes, 4 lanes), which
# its `init` had no option for; no recovery keys.
set -eu
root=$(git rev-parse --show-toplevel)
python=${PYTHON:-$root/.venv/bin/python}
work=$(mktemp -d)
export TZ=UTC LOKET_NO_AGENT=1
cd "$work"

git -C "$root" worktree add --detach "$work/v1" a55ccdf
(
  export PYTHONPATH="$work/v1" LOKET_DB="$work/out1/loket.db" LOKET_PASSPHRASE="fixtuur wachtwoord 1"
  L="$python -m loketcli"
  $L init --kdf-memory-kib 19456 --kdf-iterations 2
  $L intake --name "Eerste Fixtuurpersoon" --question "Brief van de Belastingdienst niet begrepen" --channel balie \
     --agency belasting --agency toeslagen --life-event schulden --digid heeft --consent --minutes 20 \
     --phone 0612345678 --email eerste.fixtuur@example.org --bsn 123456782 --language Pools --companion tolk
  $L intake --name "Tweede Fixtuur-de Wit" --question "Vraag over DUO-schuld" --channel telefoon --agency duo --minutes 5
  $L intake --name "Derde Fixtuur" --question "Huurtoeslag terugbetalen" --channel afspraak --referred-by huisarts \
     --bsn 111222333
)

git -C "$root" worktree add --detach "$work/v2" 9781ab6
(
  export PYTHONPATH="$work/v2" LOKET_DB="$work/out2/loket.db" LOKET_PASSPHRASE="fixtuur wachtwoord 2"
  L="$python -m loketcli"
  $L init --kdf-memory-kib 19456 --kdf-iterations 2
  $L intake --name "Eerste Fixtuurpersoon" --question "Brief van de Belastingdienst niet begrepen" --channel balie \
     --agency belasting --agency toeslagen --life-event schulden --digid heeft --consent --minutes 20 \
     --phone 0612345678 --email eerste.fixtuur@example.org --bsn 123456782 --language Pools --companion tolk
  $L intake --name "Tweede Fixtuur-de Wit" --question "Vraag over DUO-schuld" --channel telefoon --agency duo --minutes 5
  $L call 1 toeslagen --outcome terugbelverzoek --driegesprek --contact "mw. Fixtuur" \
     --question "waarom terugvordering?" --answer "wordt uitgezocht" --minutes 12 --reference "TS-1234"
  $L note 1 "Spreekt Pools; tolk mee"
  $L followup add 2 "loonstroken meenemen" --due "over 5 werkdagen"
  $L followup done 1
  $L edit 2 --minutes 30
  $L close 2 --result opgelost --satisfaction 4 --force
  $L reopen 2
)

git -C "$root" worktree add --detach "$work/v3" afb20d6
(
  export PYTHONPATH="$work/v3" LOKET_DB="$work/out3/loket.db" LOKET_PASSPHRASE="fixtuur wachtwoord 3"
  L="$python -m loketcli"
  $L init --no-recovery-key
  $L intake --name "Eerste Fixtuurpersoon" --question "Brief van de Belastingdienst niet begrepen" --channel balie \
     --agency belasting --agency toeslagen --life-event schulden --digid heeft --consent --minutes 20 \
     --phone 0612345678 --email eerste.fixtuur@example.org --bsn 123456782 --language Pools --companion tolk
  $L intake --name "Tweede Fixtuur-de Wit" --question "Vraag over DUO-schuld" --channel telefoon --agency duo --minutes 5
  $L intake --name "Derde Fixtuur" --question "Huurtoeslag terugbetalen" --channel afspraak --referred-by huisarts \
     --bsn 111222333
  $L intake --name "Vierde Fixtuur" --question "Wordt gewist" --channel balie
  $L intake --name "Vijfde Fixtuur" --question "Uitkering gestopt" --channel balie --agency uwv --minutes 15
  $L call 1 toeslagen --outcome terugbelverzoek --driegesprek --contact "mw. Fixtuur" \
     --question "waarom terugvordering?" --answer "wordt uitgezocht" --minutes 12 --reference "TS-1234"
  $L note 1 "Spreekt Pools; tolk mee"
  $L visit 1 --minutes 10 --note "tweede gesprek"
  $L handover 2 stadsbank --warm --what "schulddossier" --minutes 5
  $L followup add 3 "loonstroken meenemen" --due "over 5 werkdagen"
  $L followup add 3 "terugbellen" --due "morgen 14:30"
  $L followup done 3
  $L followup move 2 --due "over 10 werkdagen"
  $L edit 3 --phone 0201234567 --minutes 30
  $L close 2 --result opgelost --satisfaction 4
  $L close 5 --result doorverwezen
  $L reopen 5
  $L erase 4 --yes
  $L config set retention 18m
  $L show 2 >/dev/null
  $L find Fixtuur >/dev/null
)
git -C "$root" worktree add --detach "$work/v4" b8a6bb8
(
  export PYTHONPATH="$work/v4" LOKET_DB="$work/out4/loket.db" LOKET_PASSPHRASE="fixtuur wachtwoord 4"
  L="$python -m loketcli"
  $L init --no-recovery-key --kdf-memory-kib 19456 --kdf-iterations 2
  $L intake --name "Eerste Fixtuurpersoon" --question "Brief van de Belastingdienst niet begrepen" --channel balie \
     --agency belasting --agency toeslagen --life-event schulden --digid heeft --consent --minutes 20 \
     --phone 0612345678 --email eerste.fixtuur@example.org --bsn 123456782 --language Pools --companion tolk
  $L intake --name "Tweede Fixtuur-de Wit" --question "Vraag over DUO-schuld" --channel telefoon --agency duo --minutes 5
  $L intake --name "Derde Fixtuur" --question "Wordt gewist" --channel balie
  $L call 1 toeslagen --outcome terugbelverzoek --driegesprek --contact "mw. Fixtuur" \
     --question "waarom terugvordering?" --answer "wordt uitgezocht" --minutes 12 --reference "TS-1234"
  $L note 1 "Spreekt Pools; tolk mee"
  $L call 2 duo --outcome opgelost --minutes 3
  $L retract 2 7 --why "dubbel vastgelegd"
  $L followup add 2 "loonstroken meenemen" --due "over 5 werkdagen"
  $L followup cancel 2 --why "niet meer nodig"
  $L satisfaction 1 5
  $L erase 3 --yes
  $L config set retention 3y
)
for n in 1 2 3 4; do
  cp "$work/out$n/loket.db" "$root/tests/fixtures/store_v$n.db"
  git -C "$root" worktree remove --force "$work/v$n"
done
