#!/bin/sh
# Write tests/fixtures/store_v7.db and store_v7_received.age: a store made by
# the last loket at schema 7 (758b2f1: transfers and the register ledger, before
# the search index), holding a colleague, a case sent to her, a case received
# from her (the .age file is that transfer, encrypted to this store) and a
# register consent. Committed so that every later version is tested to open,
# migrate, verify and keep every record of it, and to keep the transfer tables
# it holds under the meta MAC (tests/storage/test_fixture_store_v1_v3.py).
# Never regenerate them in a later version. All data is synthetic. Run on
# 7 December 2026 (UTC); passphrase "fixtuur wachtwoord 7" (19 MiB, 2 passes).
set -eu
root=$(git rev-parse --show-toplevel)
python=${PYTHON:-$root/.venv/bin/python}
work=$(mktemp -d)
cd "$work"  # `python -m` puts the working directory first on sys.path: not the checkout
git -C "$root" worktree add --detach "$work/v7" 758b2f1
export PYTHONPATH="$work/v7" TZ=UTC LOKET_NO_AGENT=1 LOKET_PASSPHRASE="fixtuur wachtwoord 7"
L="$python -m loketcli"
A="--db $work/a/loket.db"
B="--db $work/b/loket.db"
$L init $A --no-recovery-key --kdf-memory-kib 19456 --kdf-iterations 2
$L init $B --no-recovery-key --kdf-memory-kib 19456 --kdf-iterations 2
IA=$($L identity $A)
IB=$($L identity $B)
$L colleague add Bea "$IB" $A
$L colleague add Aad "$IA" $B
$L intake $A --name "Eerste Fixtuurpersoon" --question "Brief van de Belastingdienst niet begrepen" --channel balie \
   --agency toeslagen --consent --minutes 20 --phone 0612345678 --bsn 123456782
$L intake $A --name "Tweede Fixtuur" --question "Gaat naar Bea" --channel telefoon --agency uwv
$L note $A 2 "notitie voor Bea"
echo "Bea spreekt Pools" | $L transfer send 2 --to Bea -o "$work/k2.age" $A
$L transfer receive "$work/k2.age" $B
$L intake $B --name "Derde Fixtuur" --question "Komt van Bea" --channel balie --email derde.fixtuur@example.org
$L followup add $B 2 "loonstroken meenemen" --due "over 5 werkdagen"
echo "Aad heeft tijd" | $L transfer send 2 --to Aad -o "$work/b2.age" $B
$L transfer receive "$work/b2.age" $A
$L register consent 1 $A
cp "$work/a/loket.db" "$root/tests/fixtures/store_v7.db"
cp "$work/b2.age" "$root/tests/fixtures/store_v7_received.age"
git -C "$root" worktree remove --force "$work/v7"
